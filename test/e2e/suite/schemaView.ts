/** The Schema view as the user sees it after expanding every group. */
import type { TreeRow } from '../harness/workbench';
import { VIEWS } from './lens';
import { ui } from './ui';

export interface SchemaView {
  /** Level-1 rows: the LiteLLM groups; their description is the group's table count. */
  groups: TreeRow[];
  /** Labels of the level-2 rows: tables and views. */
  tables: string[];
}

export async function schemaTables(): Promise<SchemaView> {
  const rows = await ui.treeRows(VIEWS.schema, 1);
  return { groups: rows.filter((r) => r.level === 1), tables: rows.filter((r) => r.level === 2).map((r) => r.label) };
}
