import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeEditors } from './editor';
import { productShot } from './lens';
import { openSpendTotal } from './spendCard';

suite('Spend attribution', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);

  test('the total spend card equals the SQL total of the daily user spend for the period shown', async () => {
    const { card, truth, from, to } = await openSpendTotal();
    assert.ok(truth > 0, 'the period has spend');
    assert.ok(Math.abs(card - truth) < 1e-6, `card ${card} vs SQL ${truth} for ${from}..${to}`);
    await productShot('spend-attribution');
  });
});
