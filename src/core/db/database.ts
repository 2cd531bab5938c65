import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import Cursor from 'pg-cursor';
import { LensError } from '../errors';
import { sendCancelRequest } from './cancelRequest';
import { classifyError } from './classifyError';
import { type ConnectInput, type ResolvedConnection, resolveConnection, tlsOptionsFor } from './connectionOptions';
import { inlineParams } from './inlineParams';
import { redactSecrets } from './redact';
import { PRIVILEGED_ROLES, ROLE_INFO_SQL, type RoleInfo, roleInfoOf } from './roleInfo';
import { lensTypes } from './typeParsers';

export type Row = Record<string, unknown>;

/**
 * Every statement runs in its own read-only transaction, which also carries its time limit: SET LOCAL holds
 * behind PgBouncer in transaction mode, where startup options may be dropped. Attribution and export aggregate
 * millions of daily rows: 32 MB work_mem keeps those aggregates hashed in memory instead of sorted on disk, and
 * JIT compilation costs more than it saves on these short analytic queries (bench/attribution.ts: 7.4 s -> 3.7 s
 * server CPU). The planner multiplies the distinct values of each grouped column, so (api_key, model, user_id)
 * over 2,060 keys × 11 models was estimated at 294,653 groups where 23,188 exist: over the 64 MB a hash table
 * may use by default it chose external-merge sorts, 3.5 s instead of 0.85 s for the attribution's first figures.
 * hash_mem_multiplier (PostgreSQL 13+) lets hash tables plan for 128 MB; one that outgrows it spills to disk.
 */
function beginReadOnly(server: ServerInfo, timeoutMs: number, idleMs = 0): string {
  const idle = idleMs > 0 ? `; SET LOCAL idle_in_transaction_session_timeout = ${Math.round(idleMs)}` : '';
  const planner = plannerSettings(server.versionNum)
    .map(([name, value]) => `; SET LOCAL ${name} = '${value}'`)
    .join('');
  return `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.round(timeoutMs)}${idle}${planner}`;
}

/** The planner settings every read-only statement runs with (see above); `npm run bench` gives psql the same. */
export function plannerSettings(versionNum: number): [name: string, value: string][] {
  return [['work_mem', '32MB'], ...(versionNum >= 130000 ? [['hash_mem_multiplier', '4'] as [string, string]] : []), ['jit', 'off']];
}

/** Ends a statement's transaction; session-level advisory locks survive ROLLBACK, so they are dropped too. */
const END_READ_ONLY = 'ROLLBACK; SELECT pg_advisory_unlock_all()';

/** node-postgres internals the cancel path needs: the BackendKeyData of the session and its socket. */
interface PgSessionInternals {
  processID: number;
  secretKey: number;
  connection: { stream: { destroy(): void; encrypted?: boolean } };
}

/** A statement in flight on a pool client; `cancelFailed` says why the server could not be asked to stop it. */
interface Running {
  client: pg.PoolClient;
  cancelFailed?: string;
}

export interface QueryOptions {
  /** Aborting sends the protocol's CancelRequest for the running statement (no second session needed). */
  signal?: AbortSignal;
}

export interface CursorOptions extends QueryOptions {
  batchSize?: number;
}

export interface ServerInfo {
  version: string;
  versionNum: number;
  readOnly: boolean;
  /** Backend pid of the connection used for the check (tests use it to inspect pg_stat_activity). */
  pid: number;
  /** The connecting role and its powers beyond reading (shown to the user; privileged roles gate user SQL). */
  role: RoleInfo;
}

/** A streaming read's session (see LensDatabase.readOnlyStream). */
interface StreamSession {
  client: pg.PoolClient;
  running: Running;
  /** Set by the stream once the session is idle again and may go back to the pool. */
  reusable: boolean;
  /** Awaits one read from the server: refused once cancelled, stopped past the statement timeout. */
  wait<R>(fetch: () => Promise<R>): Promise<R>;
}

/** Pool clients that already carry the no-op 'error' listener (pool clients are reused). */
const guarded = new WeakSet<pg.PoolClient>();

/**
 * A read-only session pool. Every statement runs inside `BEGIN TRANSACTION READ ONLY` on a session that also has
 * `default_transaction_read_only=on`, so writes fail on the server whatever the SQL text says; user SQL goes
 * through the extended protocol (one statement), so it cannot COMMIT its way out of the transaction.
 */
export class LensDatabase {
  private readonly active = new Map<number, Running>();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly connection: ResolvedConnection,
    readonly server: ServerInfo,
    private readonly clientConfig: pg.ClientConfig,
  ) {}

  static async open(input: ConnectInput & { poolSize?: number }): Promise<LensDatabase> {
    const conn = resolveConnection(input);
    const attempt = async (ssl: pg.ClientConfig['ssl']) => {
      const config = clientConfigFor(conn, ssl);
      const pool = new pg.Pool({ ...config, max: input.poolSize ?? 4, idleTimeoutMillis: 30_000 });
      // Errors on idle clients (server restart, pg_terminate_backend) must not crash the process.
      pool.on('error', () => undefined);
      try {
        const { rows } = await pool.query(
          `SELECT version() AS version, current_setting('server_version_num')::int AS num,
                  current_setting('default_transaction_read_only') AS ro, pg_backend_pid() AS pid`,
        );
        const r = rows[0] as { version: string; num: number; ro: string; pid: number };
        const role = roleInfoOf((await pool.query(ROLE_INFO_SQL, [PRIVILEGED_ROLES])).rows[0] as Parameters<typeof roleInfoOf>[0]);
        return new LensDatabase(pool, conn, { version: r.version, versionNum: r.num, readOnly: r.ro === 'on', pid: r.pid, role }, config);
      } catch (err) {
        await pool.end().catch(() => undefined);
        throw err;
      }
    };
    const tls = tlsOptionsFor(conn);
    try {
      return await attempt(tls === false ? false : tls);
    } catch (err) {
      // libpq `prefer`: fall back to a plain connection when the server has no TLS.
      if (conn.sslmode === 'prefer' && /does not support SSL/i.test(String((err as Error).message))) {
        try {
          return await attempt(false);
        } catch (plainErr) {
          throw classifyError(plainErr, conn);
        }
      }
      throw classifyError(err, conn);
    }
  }

  /** Runs one statement read-only and returns its rows. */
  async query<T extends Row = Row>(
    sql: string,
    params: unknown[] = [],
    opts: QueryOptions = {},
  ): Promise<{ rows: T[]; fields: { name: string; dataTypeID: number }[] }> {
    return this.withClient(opts, async (client) => {
      await client.query(beginReadOnly(this.server, this.connection.statementTimeoutMs));
      try {
        const result = await client.query({ text: sql, values: params, queryMode: 'extended' } as pg.QueryConfig);
        await client.query(END_READ_ONLY);
        return { rows: result.rows as T[], fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) };
      } catch (err) {
        await client.query(END_READ_ONLY).catch(() => undefined);
        throw err;
      }
    });
  }

  /** Streams a statement's rows in batches from a server-side cursor (bounded memory). */
  cursor<T extends Row = Row>(sql: string, params: unknown[] = [], opts: CursorOptions = {}): AsyncGenerator<T[]> {
    return this.readOnlyStream(opts, async function* (session) {
      const cursor = session.client.query(new Cursor<T>(sql, params, { types: lensTypes } as never));
      let failed = false;
      try {
        for (;;) {
          const rows = await session.wait(() => cursor.read(opts.batchSize ?? 2000));
          if (rows.length === 0) break;
          yield rows;
        }
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        // After an error the session may be gone, and closing the portal would wait forever for ReadyForQuery.
        if (!failed) {
          await cursor.close().catch(() => undefined);
          session.reusable = true;
        }
      }
    });
  }

  /**
   * Streams the bytes of `COPY (query) TO STDOUT` (text format) as they arrive: rows may be cut between chunks
   * (`CopyRowReader` reads them). Unlike a cursor, which makes the server wait for each fetch, COPY lets
   * PostgreSQL run ahead while this process works, held back only by the socket's flow control (bounded memory):
   * the path `psql \copy` takes, and the fastest way to read a large result. Parameters are inlined (COPY takes none).
   */
  copyChunks(sql: string, params: unknown[] = [], opts: QueryOptions = {}): AsyncGenerator<Buffer> {
    const inner = inlineParams(sql, params);
    return this.readOnlyStream(opts, async function* (session) {
      // COPY goes through the simple protocol, which would run several statements: planning the same text with
      // the extended protocol, which takes exactly one, refuses a second statement before anything runs.
      await session.client.query({ text: `SELECT * FROM (${inner}\n) q LIMIT 0`, queryMode: 'extended' } as pg.QueryConfig);
      const chunks = session.client.query(copyTo(`COPY (${inner}\n) TO STDOUT`))[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      for (;;) {
        const next = await session.wait(() => chunks.next());
        if (next.done) break;
        yield next.value;
      }
      // The COPY has ended: the session is free again (until then a consumer that stops early leaves it busy).
      session.reusable = true;
    });
  }

  /**
   * Runs a stream inside a read-only transaction on a client of its own. A stream stays one statement until its
   * last row, so the server-side limit of a stream has to cover the consumer's time too: it is the longer
   * `streamTimeoutMs` (also the limit on idling between cursor fetches), while each wait for the server is bounded
   * by the statement timeout on this side (`session.wait`). Unless the stream marks the session reusable, its
   * client is destroyed rather than returned to the pool (an error, a killed backend, or a consumer that stopped
   * mid-COPY).
   */
  private async *readOnlyStream<T>(opts: QueryOptions, stream: (session: StreamSession) => AsyncGenerator<T>): AsyncGenerator<T> {
    const client = await this.connect();
    const { running, stop } = this.watchSignal(client, opts.signal);
    const limitMs = this.connection.statementTimeoutMs;
    const session: StreamSession = {
      client,
      running,
      reusable: false,
      wait: (fetch) => {
        if (opts.signal?.aborted) throw this.cancelledError(running);
        return this.timedFetch(fetch, running, limitMs);
      },
    };
    let failed = false;
    try {
      const streamLimit = this.connection.streamTimeoutMs;
      await client.query(beginReadOnly(this.server, streamLimit, streamLimit));
      yield* stream(session);
    } catch (err) {
      failed = true;
      if (err instanceof LensError) throw err;
      throw running.cancelFailed ? this.cancelledError(running) : classifyError(err, this.connection);
    } finally {
      stop();
      const reusable = session.reusable && !failed;
      if (reusable) await client.query(END_READ_ONLY).catch(() => undefined);
      client.release(reusable ? undefined : true);
    }
  }

  /** Runs one fetch; past `limitMs` it is cancelled on the server and reported as a statement timeout. */
  private async timedFetch<R>(fetch: () => Promise<R>, running: Running, limitMs: number): Promise<R> {
    if (limitMs <= 0) return fetch();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void this.cancel(running);
    }, limitMs);
    try {
      return await fetch();
    } catch (err) {
      if (timedOut) {
        throw new LensError(
          'timeout',
          `The query exceeded statement_timeout (${limitMs / 1000} s) and was ${running.cancelFailed ? 'abandoned' : 'stopped by the server'}.${this.cancelNote(running)}`,
          'Narrow the date range, or raise the statement timeout (--statement-timeout / setting litellmLens.statementTimeout).',
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cancels every statement this pool is running (server-side, via CancelRequest). */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.active.values()].map((running) => this.cancel(running)));
  }

  get runningPids(): number[] {
    return [...this.active.keys()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.PoolClient> {
    if (this.closed) throw new LensError('connection', 'The connection was closed.', 'Connect again.');
    try {
      const client = await this.pool.connect();
      // pg-pool only listens for errors on idle clients. A checked-out client whose backend is terminated emits
      // 'error' besides rejecting its query; unheard, that event would crash the process (the extension host).
      if (!guarded.has(client)) {
        guarded.add(client);
        client.on('error', () => undefined);
      }
      return client;
    } catch (err) {
      throw classifyError(err, this.connection);
    }
  }

  private async withClient<T>(opts: QueryOptions, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (opts.signal?.aborted) throw new LensError('cancelled', 'Cancelled.');
    const client = await this.connect();
    const { running, stop } = this.watchSignal(client, opts.signal);
    let broken = false;
    try {
      return await fn(client);
    } catch (err) {
      broken = !(err as { code?: string }).code; // network-level failure: do not return the client to the pool
      throw running.cancelFailed && !(err instanceof LensError) ? this.cancelledError(running) : classifyError(err, this.connection);
    } finally {
      stop();
      client.release(broken ? true : undefined);
    }
  }

  private watchSignal(client: pg.PoolClient, signal?: AbortSignal): { running: Running; stop(): void } {
    const pid = (client as unknown as PgSessionInternals).processID;
    const running: Running = { client };
    this.active.set(pid, running);
    const onAbort = () => void this.cancel(running);
    signal?.addEventListener('abort', onAbort, { once: true });
    return {
      running,
      stop: () => {
        this.active.delete(pid);
        signal?.removeEventListener('abort', onAbort);
      },
    };
  }

  /**
   * Asks the server to cancel the running statement with the protocol's CancelRequest. When that fails the
   * session's socket is destroyed: the statement cannot be left running on a session this process still uses,
   * and its server-side limit bounds what the server keeps doing until it notices.
   */
  private async cancel(running: Running): Promise<void> {
    const session = running.client as unknown as PgSessionInternals;
    const ssl = this.clientConfig.ssl;
    const tls = session.connection.stream.encrypted ? (typeof ssl === 'object' ? ssl : {}) : undefined;
    try {
      await sendCancelRequest({
        host: this.connection.host,
        port: this.connection.port,
        processID: session.processID,
        secretKey: session.secretKey,
        tls,
      });
    } catch (err) {
      running.cancelFailed = (err as Error).message;
      session.connection.stream.destroy();
    }
  }

  /** Cancelled by the user; when the server could not be told, a connection error that says so. */
  private cancelledError(running: Running): LensError {
    if (!running.cancelFailed) return new LensError('cancelled', 'Cancelled.');
    return new LensError(
      'connection',
      `Cancelled.${this.cancelNote(running)}`,
      'Check that this machine can still reach the server; connect again to continue.',
    );
  }

  private cancelNote(running: Running): string {
    if (!running.cancelFailed) return '';
    const limit = this.connection.streamTimeoutMs;
    return (
      ` The server could not be asked to stop it (${redactSecrets(running.cancelFailed, [this.connection.password])}), so the connection was closed instead;` +
      ` PostgreSQL stops the statement when it notices${limit > 0 ? `, at the latest after ${limit / 1000} s` : ''}.`
    );
  }
}

function clientConfigFor(conn: ResolvedConnection, ssl: pg.ClientConfig['ssl']): pg.ClientConfig {
  return {
    host: conn.host,
    port: conn.port,
    database: conn.database,
    user: conn.user,
    password: conn.password,
    ssl,
    application_name: conn.applicationName,
    options: `-c default_transaction_read_only=on -c statement_timeout=${conn.statementTimeoutMs}`,
    connectionTimeoutMillis: 15_000,
    types: lensTypes,
  };
}

export function openDatabase(input: ConnectInput & { poolSize?: number }): Promise<LensDatabase> {
  return LensDatabase.open(input);
}
