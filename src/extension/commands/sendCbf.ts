import * as vscode from 'vscode';
import { AnycostTransmitError } from '../../core/cbf/anycostTransmit';
import type { CbfSelection } from '../../core/cbf/types';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { describeTransmit, sendCbf, type SendOptions, type SendResult } from '../logic/cbfTransmit';
import { invalidRowsResult } from '../logic/invalidRows';
import { ResultsPanel } from '../panels/resultsPanel';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readSettings, SETTINGS_SECTION } from '../settings';
import { pickCbfSelection } from './cbfSelection';
import { resultsExporter } from './exportResults';

/** "Send CBF to CloudZero…" (dry run + confirm by default) and "Set CloudZero API Key". */
export function registerSendCbfCommands(services: Services): void {
  registerCommand(services, COMMANDS.setCloudZeroApiKey, 'Set CloudZero API key', async () => {
    const key = await askApiKey();
    if (key === undefined) return;
    if (key === '') {
      await services.secretStore.deleteCloudZeroApiKey();
      vscode.window.setStatusBarMessage('CloudZero API key removed', 4000);
    } else {
      await services.secretStore.setCloudZeroApiKey(key);
      vscode.window.setStatusBarMessage('CloudZero API key stored in SecretStorage', 4000);
    }
  });
  registerCommand(services, COMMANDS.sendCbf, 'Send CBF to CloudZero', () => send(services));
}

async function send(services: Services): Promise<void> {
  const settings = readSettings().cloudzero;
  const connectionId = settings.connectionId || (await askConnectionId());
  if (!connectionId) return;
  let apiKey = await services.secretStore.cloudZeroApiKey();
  if (!apiKey) {
    apiKey = await askApiKey();
    if (!apiKey) return;
    await services.secretStore.setCloudZeroApiKey(apiKey);
  }
  const selection = await pickCbfSelection(services, 'Send CBF to CloudZero', 3);
  if (!selection) return;
  const base = { connectionId, endpoint: settings.endpoint, operation: settings.operation };
  if (settings.dryRunFirst) {
    const preview = await transmit(services, selection, { ...base, dryRun: true }, 'Preparing (dry run, nothing is sent)');
    const { headline, detail } = describeTransmit(preview, selection);
    if (preview.summary.rows === 0) {
      void vscode.window.showInformationMessage(
        `Nothing to send: the selection has no valid rows (${selection.source}, ${selection.from} … ${selection.to}).`,
      );
      return;
    }
    const actions = ['Send to CloudZero', ...(preview.invalidCount > 0 ? ['Show Invalid Rows'] : [])];
    const choice = await vscode.window.showWarningMessage(
      headline,
      { modal: true, detail: `${detail}\n\nThis was a dry run: nothing has been sent yet.` },
      ...actions,
    );
    if (choice === 'Show Invalid Rows') await showInvalid(services, selection, preview);
    if (choice !== 'Send to CloudZero') return;
  }
  const result = await transmit(services, selection, { ...base, apiKey, dryRun: false }, 'Sending to CloudZero');
  const { headline, detail } = describeTransmit(result, selection);
  services.log.info(`${headline}\n${detail}`);
  if (result.invalidCount > 0) await showInvalid(services, selection, result);
  void vscode.window.showInformationMessage(headline, 'Show Logs').then((c) => c && services.channel.show(true));
}

type TransmitTarget = Pick<SendOptions, 'connectionId' | 'endpoint' | 'operation' | 'dryRun' | 'apiKey'>;

async function transmit(services: Services, selection: CbfSelection, opts: TransmitTarget, title: string): Promise<SendResult> {
  try {
    return await withCancellableProgress(
      services,
      `${title}: ${selection.source} spend ${selection.from} … ${selection.to}`,
      (signal, report) =>
        sendCbf(services.session.db, selection, {
          ...opts,
          signal,
          capabilities: services.session.capabilities,
          onNote: (note) => services.log.info(`CBF note: ${note}`),
          log: (line) => services.log.info(`AnyCost: ${line}`),
          onProgress: (p) =>
            report(
              p.stage === 'waiting'
                ? `${p.month} request ${p.batch}: waiting ${((p.waitMs ?? 0) / 1000).toFixed(1)} s to retry`
                : `${p.month} request ${p.batch}: ${p.rowsDone.toLocaleString('en-US')} rows done`,
            ),
        }),
    );
  } catch (err) {
    // What was delivered before the failure goes to the log; the error's hint says where to resume.
    if (err instanceof AnycostTransmitError) {
      services.log.warn(`Partial transmit: ${JSON.stringify({ ...err.summary, sent: err.summary.sent.length })}`);
    }
    throw err;
  }
}

function showInvalid(services: Services, selection: CbfSelection, result: SendResult): Promise<void> {
  return ResultsPanel.showStatic(
    services,
    'cbf:invalid',
    `Invalid CBF rows (${selection.source}, ${selection.from} … ${selection.to})`,
    invalidRowsResult(result.invalid, result.invalidCount),
    resultsExporter(services),
  );
}

async function askConnectionId(): Promise<string | undefined> {
  const id = (
    await vscode.window.showInputBox({
      title: 'CloudZero AnyCost Stream connection id',
      prompt: "Shown on the connection's page in CloudZero. Saved in your user settings (litellmLens.cloudzero.connectionId).",
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Enter the connection id.' : undefined),
    })
  )?.trim();
  if (!id) return undefined;
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('cloudzero.connectionId', id, vscode.ConfigurationTarget.Global);
  return id;
}

function askApiKey(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'CloudZero API key',
    prompt: 'Stored in VS Code SecretStorage only. Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
  });
}
