import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions as TlsOptions } from 'node:tls';
import { LensError } from '../errors';
import { isLoopback, parsePostgresUrl } from './connectionUrl';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** What the user gives us: a URL (or DATABASE_URL) plus overrides from settings or flags. */
export interface ConnectInput {
  url?: string;
  /** Environment used for DATABASE_URL and PG* fallbacks; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Separately stored password (SecretStorage) for URLs saved without one. */
  password?: string;
  sslmode?: SslMode;
  sslrootcert?: string;
  /** Server-side statement_timeout in ms (default 60 s; 0 disables). */
  statementTimeoutMs?: number;
  /**
   * Server-side limit in ms on a streaming read (cursor or COPY), whose one statement also spans the consumer's
   * time (default 1 h; never below the statement timeout; 0 only when the statement timeout is 0).
   */
  streamTimeoutMs?: number;
  applicationName?: string;
}

export interface ResolvedConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  sslmode: SslMode;
  sslrootcert?: string;
  statementTimeoutMs: number;
  streamTimeoutMs: number;
  applicationName: string;
  /** The URL with the password replaced by `***`, safe to show and log. */
  display: string;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
export const DEFAULT_STREAM_TIMEOUT_MS = 3_600_000;

export { isLoopback };

/** Parses a libpq-style URL. sslmode defaults to libpq's `prefer` on loopback and `verify-full` elsewhere. */
export function resolveConnection(input: ConnectInput): ResolvedConnection {
  const env = input.env ?? process.env;
  const raw = input.url ?? env.DATABASE_URL;
  if (!raw) {
    throw new LensError('usage', 'No database given.', 'Pass --db postgresql://user@host:5432/litellm, set DATABASE_URL, or use --demo.');
  }
  const url = parsePostgresUrl(raw);
  const params = url.searchParams;
  const host = params.get('host') ?? decodeURIComponent(url.hostname) ?? '';
  const resolvedHost = host || 'localhost';
  const sslmodeRaw = input.sslmode ?? params.get('sslmode') ?? (isLoopback(resolvedHost) ? 'prefer' : 'verify-full');
  if (!(SSL_MODES as readonly string[]).includes(sslmodeRaw)) {
    throw new LensError('usage', `Unknown sslmode "${sslmodeRaw}"`, `Use one of: ${SSL_MODES.join(', ')}.`);
  }
  const port = Number(url.port || params.get('port') || 5432);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new LensError('usage', 'Invalid port in connection string.', 'The port is a number from 1 to 65535.');
  }
  // libpq also takes `?password=`; profiles refuse it (their URL lives in settings.json).
  const password = url.password ? decodeURIComponent(url.password) : (params.get('password') ?? input.password ?? env.PGPASSWORD);
  const statementTimeoutMs = input.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const resolved: ResolvedConnection = {
    host: resolvedHost,
    port,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    user: decodeURIComponent(url.username) || env.PGUSER || 'postgres',
    password: password || undefined,
    sslmode: sslmodeRaw as SslMode,
    sslrootcert: input.sslrootcert ?? params.get('sslrootcert') ?? undefined,
    statementTimeoutMs,
    streamTimeoutMs: statementTimeoutMs === 0 ? 0 : Math.max(input.streamTimeoutMs ?? DEFAULT_STREAM_TIMEOUT_MS, statementTimeoutMs),
    applicationName: input.applicationName ?? params.get('application_name') ?? 'litellm-lens',
    display: '',
  };
  resolved.display = displayUrl(resolved);
  return resolved;
}

function displayUrl(c: ResolvedConnection): string {
  const auth = `${encodeURIComponent(c.user)}${c.password ? ':***' : ''}@`;
  const host = c.host.startsWith('/') ? `localhost` : c.host.includes(':') ? `[${c.host}]` : c.host;
  return `postgresql://${auth}${host}:${c.port}/${encodeURIComponent(c.database)}?sslmode=${c.sslmode}`;
}

/**
 * TLS options with libpq semantics. node-postgres treats prefer/require/verify-ca as verify-full
 * (brianc/node-postgres#3473), so the modes are mapped here explicitly instead of passing sslmode through.
 */
export function tlsOptionsFor(c: ResolvedConnection): false | TlsOptions {
  if (c.sslmode === 'disable' || c.sslmode === 'allow') return false;
  const ca = c.sslrootcert ? readRootCert(c.sslrootcert) : undefined;
  switch (c.sslmode) {
    case 'prefer':
    case 'require':
      // libpq: a root cert file upgrades require to verify-ca.
      return ca ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
    case 'verify-ca':
      return { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      // SNI takes host names only (an IP there is Node's DEP0123); an IP host is checked against the
      // certificate's IP addresses explicitly, since without a servername Node would check "localhost".
      if (isIP(c.host) !== 0) {
        return { ca, rejectUnauthorized: true, checkServerIdentity: (_name, cert) => checkServerIdentity(c.host, cert) };
      }
      return { ca, rejectUnauthorized: true, servername: c.host.startsWith('/') ? undefined : c.host };
  }
}

function readRootCert(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new LensError('usage', `Cannot read sslrootcert file ${path}: ${(err as Error).message}`);
  }
}
