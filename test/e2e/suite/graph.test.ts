import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LOGICAL_RELATIONS } from '../../../src/core/schema/logicalRelations';
import { relationNames, sql } from './db';
import { closeEditors } from './editor';
import { eventually, productShot, TITLES } from './lens';
import { logText } from './logs';
import { ui } from './ui';

/**
 * What the catalog says the diagram must draw: one solid line per declared FK inside schema public, one dashed
 * line per logical relation whose tables and columns exist and that no single-column FK already declares.
 */
async function expectedLines(): Promise<{ solid: number; dashed: number }> {
  const fks = await sql<{ from_table: string; from_column: string | null; to_table: string; to_column: string | null }>(`
    SELECT c.conrelid::regclass::text AS from_table, c.confrelid::regclass::text AS to_table,
           CASE WHEN array_length(c.conkey, 1) = 1 THEN a.attname END AS from_column,
           CASE WHEN array_length(c.conkey, 1) = 1 THEN b.attname END AS to_column
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
      AND (SELECT relnamespace FROM pg_class WHERE oid = c.confrelid) = 'public'::regnamespace`);
  const columns = new Set(
    (
      await sql<{ t: string; c: string }>(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'`,
      )
    ).map((r) => `${r.t}.${r.c}`),
  );
  const declared = new Set(
    fks
      .filter((f) => f.from_column)
      .map((f) => `${f.from_table.replace(/"/g, '')}.${f.from_column}>${f.to_table.replace(/"/g, '')}.${f.to_column}`),
  );
  const dashed = LOGICAL_RELATIONS.filter(
    (r) =>
      columns.has(`${r.fromTable}.${r.fromColumn}`) &&
      columns.has(`${r.toTable}.${r.toColumn}`) &&
      !declared.has(`${r.fromTable}.${r.fromColumn}>${r.toTable}.${r.toColumn}`),
  ).length;
  return { solid: fks.length, dashed };
}

const FOCUS = 'LiteLLM_VerificationToken';

/** The select of a labelled toolbar field of the graph webview. */
function field(label: string): string {
  return `.tab-panel:not([hidden]) label.field:has(> span:text-is("${label}")) > select`;
}

suite('Relationship graph', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);

  test('the ER diagram of every group draws each related table with its FK and logical lines and lists the others', async () => {
    await ui.command(TITLES.showGraph);
    // It opens on the core groups; "All" is one click away.
    const before = logText().length;
    await ui.webviewClick('.tab-panel:not([hidden]) .group-toggles button:text-is("All")');
    const tables = await relationNames();
    const lines = await expectedLines();
    // The core drawing may still report after the click: wait for the one of every group.
    const drawn = await eventually(
      'the webview to report its drawing of every group',
      () =>
        [
          ...logText()
            .slice(before)
            .matchAll(
              /Relationship graph \(schema\) drawn: (\d+) tables, (\d+) FK and (\d+) logical lines; (\d+) without relations listed/g,
            ),
        ].find((m) => Number(m[1]) + Number(m[4]) === tables.length),
      60_000,
    );
    assert.deepEqual(
      { tables: Number(drawn[1]) + Number(drawn[4]), solid: Number(drawn[2]), dashed: Number(drawn[3]) },
      { tables: tables.length, solid: lines.solid, dashed: lines.dashed },
    );
    // The SVG itself, two iframes deep: one entity box per table.
    assert.equal((await ui.webviewAttrs('svg g.node', 'id')).length, Number(drawn[1]));
  });

  test('focusing a table redraws it with its neighbours only', async () => {
    const before = logText().length;
    await ui.command(TITLES.showGraph);
    await ui.webviewFill('.tab-panel:not([hidden]) input[type="search"]', FOCUS);
    await ui.webviewSelect(field('Columns'), 'keys');
    const total = (await relationNames()).length;
    // The two choices may be drawn once or twice (a redraw in flight absorbs the next): wait for the focused one.
    const drawn = await eventually(
      'the focused drawing',
      async () => {
        const all = [
          ...logText()
            .slice(before)
            .matchAll(/Relationship graph \(schema\) drawn: (\d+) tables/g),
        ];
        const last = all.length ? Number(all[all.length - 1][1]) : total;
        const [status] = await ui.webviewTexts('.tab-panel:not([hidden]) .status');
        return last < total && status.startsWith(`${FOCUS} and its neighbours: `) ? last : undefined;
      },
      30_000,
    );
    const neighbours = await sql<{ n: number }>(`
      SELECT count(DISTINCT other)::int AS n FROM (
        SELECT confrelid::regclass::text AS other FROM pg_constraint WHERE contype = 'f' AND conrelid = '"${FOCUS}"'::regclass
        UNION SELECT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND confrelid = '"${FOCUS}"'::regclass) o`);
    // The focus, every FK neighbour, and possibly logical neighbours too.
    assert.ok(drawn >= 1 + neighbours[0].n, `${drawn} tables drawn`);
    await productShot('relationship-graph');
  });
});
