import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import Cursor from 'pg-cursor';
import { LensError } from '../errors';
import { classifyError } from './classifyError';
import { type CopyField, CopyTextParser } from './copyText';
import { type ConnectInput, type ResolvedConnection, resolveConnection, tlsOptionsFor } from './connectionOptions';
import { inlineParams } from './inlineParams';
import { lensTypes } from './typeParsers';

export type Row = Record<string, unknown>;

/**
 * Every statement runs in its own read-only transaction. Attribution and export aggregate millions of daily rows:
 * 32 MB work_mem keeps those aggregates hashed in memory instead of sorted on disk, and JIT compilation costs more
 * than it saves on these short analytic queries (measured in bench/attribution.ts: 7.4 s -> 3.7 s server CPU).
 */
const BEGIN_READ_ONLY = "BEGIN TRANSACTION READ ONLY; SET LOCAL work_mem = '32MB'; SET LOCAL jit = off";

export interface QueryOptions {
  /** Aborting sends pg_cancel_backend for the running statement from a second connection. */
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
}

/** A streaming read's session (see LensDatabase.readOnlyStream). */
interface StreamSession {
  client: pg.PoolClient;
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
  private readonly active = new Set<number>();
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
        return new LensDatabase(pool, conn, { version: r.version, versionNum: r.num, readOnly: r.ro === 'on', pid: r.pid }, config);
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
  async query<T extends Row = Row>(sql: string, params: unknown[] = [], opts: QueryOptions = {}): Promise<{ rows: T[]; fields: { name: string; dataTypeID: number }[] }> {
    return this.withClient(opts, async (client) => {
      await client.query(BEGIN_READ_ONLY);
      try {
        const result = await client.query({ text: sql, values: params, queryMode: 'extended' } as pg.QueryConfig);
        await client.query('ROLLBACK');
        return { rows: result.rows as T[], fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** Streams a statement's rows in batches from a server-side cursor (bounded memory). */
  cursor<T extends Row = Row>(sql: string, params: unknown[] = [], opts: CursorOptions = {}): AsyncGenerator<T[]> {
    return this.readOnlyStream(opts, async function* (session) {
      await session.client.query('SET LOCAL statement_timeout = 0');
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
   * Streams a query's rows as COPY text fields (null for NULL), in batches of about `batchSize` rows. Unlike a
   * cursor, which makes the server wait for each fetch, COPY lets PostgreSQL run ahead while this process works,
   * held back only by the socket's flow control (bounded memory): the path `psql \copy` takes, and the fastest
   * way to read a large result. Parameters are inlined (COPY takes none).
   */
  copyRows(sql: string, params: unknown[] = [], opts: CursorOptions = {}): AsyncGenerator<CopyField[][]> {
    const inner = inlineParams(sql, params);
    const batchSize = opts.batchSize ?? 2000;
    return this.readOnlyStream(opts, async function* (session) {
      // COPY goes through the simple protocol, which would run several statements: planning the same text with
      // the extended protocol, which takes exactly one, refuses a second statement before anything runs.
      await session.client.query({ text: `SELECT * FROM (${inner}\n) q LIMIT 0`, queryMode: 'extended' } as pg.QueryConfig);
      await session.client.query('SET LOCAL statement_timeout = 0');
      const chunks = session.client.query(copyTo(`COPY (${inner}\n) TO STDOUT`))[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const parser = new CopyTextParser();
      let batch: CopyField[][] = [];
      for (;;) {
        const next = await session.wait(() => chunks.next());
        if (next.done) break;
        for (const row of parser.push(next.value)) batch.push(row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      parser.end();
      // The COPY has ended: the session is free again (until then a consumer that stops early leaves it busy).
      session.reusable = true;
      if (batch.length > 0) yield batch;
    });
  }

  /**
   * Runs a stream inside a read-only transaction on a client of its own. A stream stays one statement until its
   * last row, so the server's statement timeout would also count the time the consumer spends on each batch: the
   * stream lifts it and bounds each wait for the server instead (`session.wait`). Unless the stream marks the
   * session reusable, its client is destroyed rather than returned to the pool (an error, a killed backend, or a
   * consumer that stopped mid-COPY).
   */
  private async *readOnlyStream<T>(opts: QueryOptions, stream: (session: StreamSession) => AsyncGenerator<T>): AsyncGenerator<T> {
    const client = await this.connect();
    const pid = (client as unknown as { processID: number }).processID;
    const stopCancel = this.watchSignal(pid, opts.signal);
    const limitMs = this.connection.statementTimeoutMs;
    const session: StreamSession = {
      client,
      reusable: false,
      wait: (fetch) => {
        if (opts.signal?.aborted) throw new LensError('cancelled', 'Cancelled.');
        return this.timedFetch(fetch, pid, limitMs);
      },
    };
    let failed = false;
    try {
      await client.query(BEGIN_READ_ONLY);
      yield* stream(session);
    } catch (err) {
      failed = true;
      throw err instanceof LensError ? err : classifyError(err, this.connection);
    } finally {
      stopCancel();
      const reusable = session.reusable && !failed;
      if (reusable) await client.query('ROLLBACK').catch(() => undefined);
      client.release(reusable ? undefined : true);
    }
  }

  /** Runs one fetch; past `limitMs` of server time it is cancelled and reported as a statement timeout. */
  private async timedFetch<R>(fetch: () => Promise<R>, pid: number, limitMs: number): Promise<R> {
    if (limitMs <= 0) return fetch();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void this.cancelBackend(pid);
    }, limitMs);
    try {
      return await fetch();
    } catch (err) {
      if (timedOut) {
        throw new LensError('timeout', `The query exceeded statement_timeout (${limitMs / 1000} s) and was stopped by the server.`,
          'Narrow the date range, or raise the statement timeout (--statement-timeout / setting litellmLens.statementTimeout).');
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cancels every statement this pool is running (server-side, via pg_cancel_backend). */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.active].map((pid) => this.cancelBackend(pid)));
  }

  get runningPids(): number[] {
    return [...this.active];
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
    const pid = (client as unknown as { processID: number }).processID;
    const stopCancel = this.watchSignal(pid, opts.signal);
    let broken = false;
    try {
      return await fn(client);
    } catch (err) {
      broken = !(err as { code?: string }).code; // network-level failure: do not return the client to the pool
      throw classifyError(err, this.connection);
    } finally {
      stopCancel();
      client.release(broken ? true : undefined);
    }
  }

  private watchSignal(pid: number, signal?: AbortSignal): () => void {
    this.active.add(pid);
    const onAbort = () => void this.cancelBackend(pid);
    signal?.addEventListener('abort', onAbort, { once: true });
    return () => {
      this.active.delete(pid);
      signal?.removeEventListener('abort', onAbort);
    };
  }

  /** Cancels from a separate connection so it works even when the pool is exhausted. */
  private async cancelBackend(pid: number): Promise<void> {
    const client = new pg.Client(this.clientConfig);
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The statement may already have finished; nothing to cancel.
    } finally {
      await client.end().catch(() => undefined);
    }
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
