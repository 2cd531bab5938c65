import { redactSecrets } from '../../core/db/redact';
import { LensError } from '../../core/errors';

/** The subset of VS Code's `LogOutputChannel` the extension writes to (a plain object in unit tests). */
export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Every secret the extension has read (passwords, pasted URLs, API keys). The log and every user-facing
 * message pass through it, so a secret never reaches either, even inside a server error text.
 */
export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  /** A connection string: the whole string and its password (raw and decoded) become secrets. */
  addUrl(url: string | undefined): void {
    if (!url) return;
    this.add(url);
    try {
      const password = new URL(url).password;
      this.add(password);
      this.add(decodeURIComponent(password));
    } catch {
      // Not a URL: the whole string is already registered.
    }
  }

  redact(text: string): string {
    return redactSecrets(text, [...this.secrets]);
  }
}

/** A log that redacts every line; errors keep their hint and (redacted) stack for the log only. */
export class RedactingLog {
  constructor(
    private readonly sink: LogSink,
    private readonly secrets: SecretRegistry,
  ) {}

  debug(message: string): void {
    this.sink.debug(this.secrets.redact(message));
  }

  info(message: string): void {
    this.sink.info(this.secrets.redact(message));
  }

  warn(message: string): void {
    this.sink.warn(this.secrets.redact(message));
  }

  error(context: string, err: unknown): void {
    const lines = [`${context}: ${describeForLog(err)}`];
    if (err instanceof Error && err.stack && !(err instanceof LensError)) lines.push(err.stack);
    this.sink.error(this.secrets.redact(lines.join('\n')));
  }
}

function describeForLog(err: unknown): string {
  if (err instanceof LensError) return `[${err.kind}] ${err.describe()}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
