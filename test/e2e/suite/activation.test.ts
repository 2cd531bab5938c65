import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, extension, showLensViews, statusText, TITLES } from './lens';
import { logText } from './logs';
import { ui } from './ui';

suite('Activation', () => {
  test('opening the LiteLLM views activates the extension, not connected yet', async () => {
    await showLensViews();
    await eventually('the extension to activate', () => extension().isActive);
    assert.match(await eventually('the status bar item', () => statusText()), /LiteLLM: not connected/);
    await ui.screenshot('welcome');
  });

  test('"Show Logs" is a command and opens the LiteLLM Lens log', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('litellm.showLogs'));
    await ui.command(TITLES.showLogs);
    const text = await eventually('the log channel in the Output panel', async () => {
      const lines = await ui.texts('.part.panel .monaco-editor .view-lines');
      return lines.join('\n').includes('LiteLLM Lens activated') ? lines.join('\n') : undefined;
    });
    assert.match(text, /LiteLLM Lens activated in \d+ ms/);
    await eventually('the log file', () => /LiteLLM Lens activated in \d+ ms/.test(logText()));
  });
});
