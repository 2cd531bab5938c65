import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as vscode from 'vscode';
import { formatUsd } from '../../../src/shared/format';
import { loadContext } from './context';
import { sql } from './db';
import { decimalSum } from './decimal';
import { closeEditors, notificationTexts, showNotifications } from './editor';
import { eventually, TITLES } from './lens';
import { ui } from './ui';

const FROM = '2026-10-01';
const TO = '2026-10-31';

suite('Export CloudZero CBF', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);

  test('the user-spend CSV holds every row and its Σ cost/cost equals the SQL total', async () => {
    const file = join(loadContext().outputDir, 'cbf-user-october.csv');
    await ui.command(TITLES.exportCbf);
    await ui.answer(undefined, 'Users (total spend)');
    await ui.answer(undefined, 'lens');
    await ui.answer(undefined, 'Custom range');
    await ui.answer(FROM);
    await ui.answer(TO);
    await ui.answer(undefined, 'CSV');
    await ui.answerPath(file);
    await showNotifications();
    const message = await eventually('the export summary', async () => (await notificationTexts()).find((t) => t.startsWith('Exported')));

    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    const [truth] = await sql<{ total: string }>(
      `SELECT SUM(spend::numeric)::text AS total FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2`,
      [FROM, TO],
    );
    const fileTotal = decimalSum(rows.map((r) => r['cost/cost']));
    assert.equal(fileTotal, decimalSum([truth.total]));
    assert.ok(rows.every((r) => r['time/usage_start'] >= `${FROM}T` && r['time/usage_start'] <= `${TO}T23:59:59Z`));
    // The toast rounds money as everywhere in the UI (the exact total is in the log and the file).
    assert.ok(message.includes(`total cost ${formatUsd(Number(fileTotal))}`), message);
    assert.ok(message.includes(`Exported ${rows.length.toLocaleString('en-US')} CBF rows`), message);
  });

  test('a target file passed as the command argument skips the dialog; the JSON Lines file reconciles too', async () => {
    const file = join(loadContext().outputDir, 'cbf-team-october.jsonl');
    const done = vscode.commands.executeCommand('litellm.exportCbf', vscode.Uri.file(file));
    await ui.answer(undefined, 'Teams');
    await ui.answer(undefined, 'lens');
    await ui.answer(undefined, 'Custom range');
    await ui.answer(FROM);
    await ui.answer(TO);
    await ui.answer(undefined, 'JSON Lines');
    await done;

    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const [truth] = await sql<{ total: string }>(
      `SELECT SUM(spend::numeric)::text AS total FROM "LiteLLM_DailyTeamSpend" WHERE date >= $1 AND date <= $2`,
      [FROM, TO],
    );
    assert.equal(decimalSum(rows.map((r) => r['cost/cost'])), decimalSum([truth.total]));
  });
});
