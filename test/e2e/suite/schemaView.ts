/** The Schema view as the user sees it after expanding every group. */
import type { TreeRow } from '../harness/workbench';
import { VIEWS } from './lens';
import { ui } from './ui';

export interface SchemaView {
  /** Level-1 rows: the LiteLLM groups; their description is the group's table count. */
  groups: TreeRow[];
  /**
   * Full names of the level-2 rows (tables and views), as their screen-reader labels say them ("table
   * LiteLLM_SpendLogs, 33 columns, …"); the visible label drops the LiteLLM_ prefix.
   */
  tables: string[];
  /** The visible labels of those rows. */
  labels: string[];
}

export async function schemaTables(): Promise<SchemaView> {
  const rows = await ui.treeRows(VIEWS.schema, 1);
  const tables = rows.filter((r) => r.level === 2);
  const fullName = (r: TreeRow) => /^(?:table|view) (.+?), \d+ columns/.exec(r.ariaLabel)?.[1] ?? `(no name in "${r.ariaLabel}")`;
  return { groups: rows.filter((r) => r.level === 1), tables: tables.map(fullName), labels: tables.map((r) => r.label) };
}
