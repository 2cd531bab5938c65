import { createHash } from 'node:crypto';

/** The part of a vscode.Memento this needs (workspaceState). */
export interface QueryMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'litellmLens.results.ranQueries';
const KEEP = 200;

function digest(sql: string, params: readonly unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify([sql, params]))
    .digest('hex');
}

/**
 * The queries results panels ran in this workspace, kept by the host (as digests). A panel restored after a
 * restart gets its SQL from the webview's saved state, which the host does not trust: only SQL this host ran
 * itself may be run again from a restored panel.
 */
export class RanQueries {
  constructor(private readonly memento: QueryMemento) {}

  async remember(sql: string, params: readonly unknown[]): Promise<void> {
    const d = digest(sql, params);
    const known = (this.memento.get<string[]>(KEY) ?? []).filter((k) => k !== d);
    await this.memento.update(KEY, [d, ...known].slice(0, KEEP));
  }

  has(sql: string, params: readonly unknown[]): boolean {
    return (this.memento.get<string[]>(KEY) ?? []).includes(digest(sql, params));
  }
}
