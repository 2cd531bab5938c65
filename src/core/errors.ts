/**
 * Every failure the engine reports is a LensError: a kind that maps to the CLI exit code (docs/design.md §5),
 * a message that says what happened, and a hint that says what to do. Messages never carry secrets.
 */
export type ErrorKind =
  | 'usage' // bad flags or input: exit 2
  | 'connection' // unreachable server, TLS, wrong database name: exit 3
  | 'auth' // wrong user or password: exit 3
  | 'schema' // not a LiteLLM database, table or column missing: exit 4
  | 'validation' // CBF rows that fail validation: exit 5
  | 'timeout' // statement_timeout reached: exit 1
  | 'cancelled' // cancelled by the user: exit 1
  | 'readonly' // a write attempted through a read-only session: exit 1
  | 'permission' // the role lacks SELECT: exit 1
  | 'remote' // CloudZero (or another HTTP API) refused: exit 1
  | 'other';

const EXIT_CODES: Record<ErrorKind, number> = {
  usage: 2,
  connection: 3,
  auth: 3,
  schema: 4,
  validation: 5,
  timeout: 1,
  cancelled: 1,
  readonly: 1,
  permission: 1,
  remote: 1,
  other: 1,
};

export class LensError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LensError';
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }

  /** Message plus hint, as shown to a user. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

export function exitCodeOf(kind: ErrorKind): number {
  return EXIT_CODES[kind];
}
