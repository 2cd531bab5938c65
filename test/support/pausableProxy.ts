import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy to a PostgreSQL server whose server-to-client direction can be held: while held, the proxy stops
 * reading from the server, so the server blocks in its send once the socket buffers are full and the client
 * receives nothing more. A test uses it to stop a streaming query at a known point, with no race against it finishing.
 */
export interface PausableProxy {
  /** The server URL rewritten to go through the proxy. */
  url: string;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function pausableProxy(serverUrl: string): Promise<PausableProxy> {
  const target = new URL(serverUrl);
  const pairs: { client: Socket; upstream: Socket }[] = [];
  let held = false;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    pairs.push({ client, upstream });
    client.pipe(upstream);
    if (held) upstream.pause();
    else upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const via = new URL(serverUrl);
  via.hostname = '127.0.0.1';
  via.port = String((server.address() as AddressInfo).port);
  return {
    url: via.toString(),
    hold() {
      held = true;
      for (const { client, upstream } of pairs) {
        upstream.unpipe(client);
        upstream.pause();
      }
    },
    release() {
      held = false;
      for (const { client, upstream } of pairs) upstream.pipe(client);
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
