import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsOptions } from 'node:tls';

/** What a CancelRequest needs: where the session's server is and the key the server gave it at startup. */
export interface CancelTarget {
  host: string;
  port: number;
  processID: number;
  secretKey: number;
  /** TLS options when the session itself runs over TLS: the request then travels encrypted too. */
  tls?: TlsOptions;
}

const CANCEL_REQUEST_CODE = 80877102;
const SSL_REQUEST_CODE = 80877103;

function message(code: number, ...ints: number[]): Buffer {
  const buf = Buffer.alloc(8 + ints.length * 4);
  buf.writeInt32BE(buf.length, 0);
  buf.writeInt32BE(code, 4);
  ints.forEach((n, i) => buf.writeInt32BE(n, 8 + i * 4));
  return buf;
}

/**
 * Sends the protocol's CancelRequest (process id + secret key) on a fresh socket, as libpq's PQcancel does. It is
 * not a session: no login, no backend, so it works when the role's CONNECTION LIMIT or max_connections is
 * reached, where a second connection running pg_cancel_backend could not even log in. PgBouncer forwards it
 * to the server that runs the statement. Resolves once the server has closed the socket (it answers nothing);
 * rejects when the server cannot be reached within `timeoutMs`.
 */
export function sendCancelRequest(target: CancelTarget, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const raw = target.host.startsWith('/') ? netConnect(`${target.host}/.s.PGSQL.${target.port}`) : netConnect(target.port, target.host);
    let socket: Socket = raw;
    let sent = false;
    const fail = (err: Error) => {
      clearTimeout(timer);
      raw.destroy();
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const send = () => {
      sent = true;
      socket.end(message(CANCEL_REQUEST_CODE, target.processID, target.secretKey));
    };
    const finish = () => {
      clearTimeout(timer);
      if (sent) resolve();
      else reject(new Error('the server closed the connection before the request was sent'));
    };
    raw.once('error', fail);
    raw.once('connect', () => {
      if (!target.tls) {
        raw.once('close', finish);
        send();
        return;
      }
      raw.write(message(SSL_REQUEST_CODE));
      raw.once('data', (answer) => {
        if (answer[0] !== 0x53 /* 'S' */) return fail(new Error('the server refused TLS for the cancel request'));
        const servername = isIP(target.host) === 0 && !target.host.startsWith('/') ? target.host : undefined;
        socket = tlsConnect({ ...target.tls, socket: raw, host: target.host, servername });
        socket.once('error', fail);
        socket.once('secureConnect', send);
        socket.once('close', finish);
      });
    });
  });
}
