import { LensError } from '../../core/errors';
import type { SecretRegistry } from './redactingLog';

/** Buttons an error notification may carry; the glue maps each to a command. */
export type ErrorAction = 'Show Logs' | 'Open Settings' | 'Connect…' | 'Open Demo Database';

const NOT_CONNECTED = 'Not connected to a LiteLLM database.';

/**
 * The one "not connected" error: every connection-only action throws it while nothing is connected, and
 * `presentError` turns it into a warning offering Connect… and Open Demo Database.
 */
export function notConnectedError(): LensError {
  return new LensError('connection', NOT_CONNECTED, 'Run "LiteLLM: Connect to Database…" or "LiteLLM: Open Demo Database".');
}

/** What the user sees for a failed command: one line, no stack trace, no secret. */
export interface PresentedError {
  message: string;
  actions: ErrorAction[];
  /** Settings search for "Open Settings". */
  settingsQuery?: string;
  /** Cancelled by the user: show no error at all. */
  cancelled: boolean;
  /** `warning`: nothing failed, a step is missing (not connected): the actions are the way forward. */
  level: 'error' | 'warning';
}

const SETTINGS_FOR_KIND: Partial<Record<LensError['kind'], string>> = {
  connection: 'litellmLens.connections',
  auth: 'litellmLens.connections',
  timeout: 'litellmLens.statementTimeout',
  remote: 'litellmLens.cloudzero',
};

/** Turns any thrown value into one actionable, redacted message for `what` (e.g. "Run query"). */
export function presentError(what: string, err: unknown, secrets: SecretRegistry): PresentedError {
  if (err instanceof LensError && err.kind === 'cancelled') {
    return { message: `${what}: cancelled.`, actions: [], cancelled: true, level: 'error' };
  }
  if (isAbort(err)) return { message: `${what}: cancelled.`, actions: [], cancelled: true, level: 'error' };
  if (err instanceof LensError && err.message === NOT_CONNECTED) {
    return {
      message: `${what}: connect to a LiteLLM database first, or open the demo database.`,
      actions: ['Connect…', 'Open Demo Database'],
      cancelled: false,
      level: 'warning',
    };
  }
  const text = err instanceof LensError ? err.describe() : firstLine(err instanceof Error ? err.message : String(err));
  const message = secrets.redact(`${what} failed: ${text.replace(/\s*\n\s*/g, ' ')}`);
  const settingsQuery = err instanceof LensError ? SETTINGS_FOR_KIND[err.kind] : undefined;
  return {
    message,
    actions: settingsQuery ? ['Open Settings', 'Show Logs'] : ['Show Logs'],
    ...(settingsQuery ? { settingsQuery } : {}),
    cancelled: false,
    level: 'error',
  };
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

function firstLine(text: string): string {
  // Node error messages sometimes embed a stack-like tail after the first line.
  return text.split('\n')[0] || 'unknown error';
}
