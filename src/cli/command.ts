import type { ParseArgsConfig } from 'node:util';
import type { LensDatabase } from '../core/db/database';
import type { Capabilities } from '../core/schema/capabilities';

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What every command gets: output streams, flags shared by all commands, and a lazily opened database. */
export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** `--master-key-env VAR`: the stored hash of the master key in $VAR (never printed), else undefined. */
  masterKeyHash?: string;
  /** `--json`: print exactly one JSON document on stdout; human text goes to stderr. */
  json: boolean;
  /** Aborted on SIGINT/SIGTERM; pass it to queries so the server stops too. */
  signal: AbortSignal;
  /** Opens (once) the read-only database from --db, --demo or DATABASE_URL. Closed by the CLI after the command. */
  openDatabase(): Promise<LensDatabase>;
  /** Introspects (once) and checks that the database is LiteLLM's (exit 4 otherwise). */
  openSchema(): Promise<Capabilities>;
  /** A progress line on stderr (overwritten in place on a terminal). */
  progress(message: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Usage lines after `litellm-lens <name>`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  /** Returns the exit code (default 0). Throw LensError for failures. */
  run(values: OptionValues, positionals: string[], ctx: CliContext): Promise<number | void>;
}

/** Reads a string option, or undefined. */
export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
