import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extension, eventually, showLensViews } from './lens';
import { ui } from './ui';

const ANALYSES_VIEW = 'Saved Analyses';

suite('Untrusted workspace (issue 16)', () => {
  test('the workspace is in Restricted Mode and LiteLLM Lens runs there (limited support)', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(existsSync(join(root, '.litellm-lens', 'analyses', 'repo-only.sql')), 'the repository carries its own analyses');
    await extension().activate();
    assert.equal(extension().isActive, true);
  });

  test("the repository's analyses are not loaded; the shipped one of the same id is what the tree shows", async () => {
    await showLensViews();
    const rows = await eventually('the shipped analyses in the tree', async () => {
      const r = await ui.treeRows(ANALYSES_VIEW, 1);
      return r.some((row) => row.label === 'Top users by spend') ? r : undefined;
    });
    const labels = rows.map((r) => r.label);
    assert.ok(!labels.includes('Repo only analysis'), labels.join(', '));
    assert.ok(!labels.includes('Top users (repo)'), labels.join(', '));
    assert.ok(
      rows.every((r) => !/overrides/.test(r.description)),
      'nothing overrides a shipped analysis',
    );
  });

  test('the workspace cannot set the restricted analyses and CloudZero settings', () => {
    const config = vscode.workspace.getConfiguration('litellmLens');
    assert.equal(config.get('cloudzero.operation'), 'replace_hourly', 'the repository asked for "sum"');
    assert.ok(!(config.get<string[]>('analyses.folders') ?? []).includes('more'), 'the repository folder list is ignored');
  });
});
