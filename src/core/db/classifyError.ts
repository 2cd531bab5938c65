import { LensError } from '../errors';
import type { ResolvedConnection } from './connectionOptions';
import { redactSecrets } from './redact';

interface PgLikeError {
  code?: string;
  message?: string;
  errno?: number;
  syscall?: string;
}

/** What to do when the server ended the session (pg_terminate_backend, a restart). */
const TERMINATED_HINT = 'The backend was terminated (admin action or restart). Retry the command.';

/**
 * Turns a pg / network error into a LensError whose message says what happened and what to do.
 * Every message passes through redaction, so a password in a server message or URL cannot leak.
 */
export function classifyError(err: unknown, conn?: ResolvedConnection): LensError {
  if (err instanceof LensError) return err;
  const e = (err ?? {}) as PgLikeError;
  const where = conn ? `${conn.host}:${conn.port}/${conn.database}` : 'the database';
  const clean = (text: string) => redactSecrets(text, [conn?.password]);
  const raw = clean(e.message ?? String(err));
  const make = (kind: ConstructorParameters<typeof LensError>[0], message: string, hint?: string) =>
    new LensError(kind, clean(message), hint && clean(hint), { cause: undefined });

  switch (e.code) {
    case '28P01':
    case '28000':
      return make(
        'auth',
        `Authentication failed for user "${conn?.user ?? '?'}" at ${where}.`,
        'Check the user name and password (for the extension: run "LiteLLM: Connect to Database…" again to re-enter it).',
      );
    case '3D000':
      return make(
        'connection',
        `Database "${conn?.database ?? '?'}" does not exist on ${conn?.host ?? 'the server'}.`,
        "Use the database name from the LiteLLM proxy's DATABASE_URL.",
      );
    case '57014':
      return /statement timeout/i.test(raw)
        ? make(
            'timeout',
            `The query exceeded statement_timeout (${conn ? conn.statementTimeoutMs / 1000 : '?'} s) and was stopped by the server.`,
            'Narrow the date range, or raise the statement timeout (--statement-timeout / setting litellmLens.statementTimeout).',
          )
        : make('cancelled', 'The query was cancelled.');
    case '25006':
      return make(
        'readonly',
        `Refused: LiteLLM Lens sessions are read-only (${raw}).`,
        'LiteLLM Lens never writes to the LiteLLM database. Run writes with your usual admin tools.',
      );
    case '42501':
      return make(
        'permission',
        `Permission denied: ${raw}.`,
        'Grant the connecting role SELECT on the LiteLLM tables (e.g. GRANT pg_read_all_data TO <role>).',
      );
    case '42P01':
      return make(
        'schema',
        `A table is missing: ${raw}.`,
        'This LiteLLM version lacks a table the feature needs; see "litellm-lens schema" for what is present.',
      );
    case '42703':
      return make(
        'schema',
        `A column is missing: ${raw}.`,
        'This LiteLLM version lacks a column the feature needs; see "litellm-lens schema" for what is present.',
      );
    case '57P01':
    case '57P02':
    case '57P03':
      return make('connection', `The server closed the session: ${raw}.`, TERMINATED_HINT);
    case 'ECONNREFUSED':
      return make(
        'connection',
        `Cannot reach PostgreSQL at ${conn?.host ?? '?'}:${conn?.port ?? '?'}: connection refused.`,
        'Check host and port, that the server is running, and that it accepts TCP connections from this machine.',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make(
        'connection',
        `Unknown host "${conn?.host ?? '?'}".`,
        'Check the host name in the connection string (and your DNS / VPN).',
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make(
        'connection',
        `Cannot reach ${conn?.host ?? '?'}:${conn?.port ?? '?'} (${e.code}).`,
        'Check network access, firewalls and VPN.',
      );
    case 'ECONNRESET':
      return make('connection', `Connection to ${where} was reset.`, 'The server or a proxy dropped the connection; retry.');
  }
  if (/SASL|password must be a string|no password supplied|password authentication/i.test(raw)) {
    // pg raises these client-side when the server asks for a password and none was given.
    return make(
      'auth',
      `The server at ${where} requires a password for user "${conn?.user ?? '?'}" and none was given.`,
      'Add the password (URL, PGPASSWORD, or "LiteLLM: Set Connection Password…" in VS Code).',
    );
  }
  if (/self[- ]signed|unable to verify|certificate|altnames|CERT_/i.test(raw)) {
    return make(
      'connection',
      `TLS verification failed for ${conn?.host ?? 'the server'}: ${raw}.`,
      'Provide the server CA with sslrootcert=/path/ca.pem (verify-full), or use sslmode=require to encrypt without verification.',
    );
  }
  if (/does not support SSL|server does not support ssl/i.test(raw)) {
    return make(
      'connection',
      `The server at ${where} does not support TLS but sslmode=${conn?.sslmode} requires it.`,
      'Enable SSL on the server, or use sslmode=disable on a trusted network.',
    );
  }
  if (/terminat|Connection terminated|connection ended/i.test(raw)) {
    return make('connection', `The connection to ${where} was lost: ${raw}.`, 'Retry; if it repeats, check the server log.');
  }
  // pg's answer to a statement sent on a session whose connection already failed: a pooled session the server
  // terminated while it sat idle, whose error came in only after it was handed out.
  if (/not queryable/i.test(raw)) {
    return make(
      'connection',
      `The connection to ${where} was lost: the server closed the session before the statement was sent.`,
      TERMINATED_HINT,
    );
  }
  if (/timeout expired|connection timeout/i.test(raw)) {
    return make('connection', `Timed out connecting to ${where}.`, 'Check host, port and firewall.');
  }
  return make('other', raw);
}
