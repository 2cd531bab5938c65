import * as vscode from 'vscode';
import { resolveConnection } from '../../core/db/connectionOptions';
import { LensError } from '../../core/errors';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { availableTargets, secretsFor } from '../readTargets';
import { type ConnectPick, connectPicks } from '../logic/connectPicks';
import { type ConnectTarget, connectInputFor, PASTED_TARGET } from '../logic/connectTarget';
import { withCancellableProgress } from '../progress';
import { APPLICATION_NAME, loadDriver, openDemo } from './openDemo';
import type { Services } from '../services';
import { readSettings, SETTINGS_SECTION } from '../settings';

/** Connect…, Connect (from the Connections view), Disconnect, Remove Pasted Connection and Set Password. */
export function registerConnectCommands(services: Services): void {
  const connect = (target: ConnectTarget) => (target.kind === 'demo' ? openDemo(services) : connectTo(services, target));
  registerCommand(services, COMMANDS.connect, 'Connect', async () => {
    const choice = await pickConnection(services);
    if (!choice) return;
    if (choice.kind === 'editProfiles') {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.connections`);
    } else if (choice.kind === 'paste') await pasteAndConnect(services);
    else await connect(choice.target);
  });
  registerCommand(services, COMMANDS.connectTarget, 'Connect', async (arg: string | { target: ConnectTarget }) => {
    const id = typeof arg === 'string' ? arg : arg.target.id;
    const target = availableTargets().find((t) => t.id === id);
    if (!target) throw new LensError('usage', `No connection named "${id}" is configured.`, 'Check litellmLens.connections.');
    await connect(target);
  });
  registerCommand(services, COMMANDS.disconnect, 'Disconnect', async () => {
    const label = services.session.info?.target.label;
    await services.session.disconnect();
    if (label) services.log.info(`Disconnected from ${label}.`);
  });
  registerCommand(services, COMMANDS.removeConnection, 'Remove pasted connection', () => removePasted(services));
  registerCommand(services, COMMANDS.setProfilePassword, 'Set password', async (arg?: { target: ConnectTarget }) => {
    const target = arg?.target ?? (await pickProfile());
    if (target?.kind !== 'profile') return;
    const password = await askPassword(target.profile.name);
    if (password !== undefined) await services.secretStore.setPassword(target.profile, password);
  });
}

/**
 * Forgets the pasted connection string (e.g. one that fails: it would stay listed otherwise), disconnecting first
 * when it is the open connection. Profiles live in settings and the variable in the environment, not here.
 */
async function removePasted(services: Services): Promise<void> {
  if (!(await services.secretStore.pastedUrl())) {
    void vscode.window.showInformationMessage('No pasted connection string is stored.');
    return;
  }
  if (services.session.info?.target.id === PASTED_TARGET.id) await services.session.disconnect();
  await services.secretStore.deletePastedUrl();
  services.log.info('Removed the pasted connection string from SecretStorage.');
}

async function pickConnection(services: Services): Promise<ConnectPick['action'] | undefined> {
  const targets = availableTargets();
  const picks = connectPicks(targets, await secretsFor(services), services.session.info?.target.id);
  const items = picks.flatMap((p) => [
    ...(p.section ? [{ label: p.section, kind: vscode.QuickPickItemKind.Separator, pick: undefined }] : []),
    { label: p.label, description: p.description, detail: p.detail, pick: p },
  ]);
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Connect to a LiteLLM database',
    placeHolder: 'Choose a connection',
    matchOnDescription: true,
  });
  return chosen?.pick?.action;
}

async function pickProfile(): Promise<ConnectTarget | undefined> {
  const profiles = availableTargets().filter((t) => t.kind === 'profile');
  const chosen = await vscode.window.showQuickPick(
    profiles.map((t) => ({ label: t.label, target: t })),
    { title: 'Set the password of a connection profile' },
  );
  return chosen?.target;
}

function askPassword(profile: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Password for "${profile}"`,
    prompt: 'Stored in VS Code SecretStorage, never in settings.',
    password: true,
    ignoreFocusOut: true,
  });
}

async function pasteAndConnect(services: Services): Promise<void> {
  const url = await vscode.window.showInputBox({
    title: 'Paste a PostgreSQL connection string',
    prompt: 'Stored in VS Code SecretStorage only.',
    placeHolder: 'postgresql://user:password@host:5432/litellm?sslmode=verify-full',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        resolveConnection({ url: value.trim(), env: {} });
        return undefined;
      } catch (err) {
        return services.redactions.redact(err instanceof LensError ? err.message : 'Not a postgresql:// URL.');
      }
    },
  });
  if (!url) return;
  services.redactions.addUrl(url.trim());
  await services.secretStore.setPastedUrl(url.trim());
  await connectTo(services, PASTED_TARGET);
}

/** Connects to a profile, the env var or the pasted string; a profile whose password is refused asks for it once. */
export async function connectTo(services: Services, target: ConnectTarget): Promise<void> {
  const settings = readSettings();
  const defaults = { statementTimeout: settings.statementTimeout, applicationName: APPLICATION_NAME };
  let secrets = await secretsFor(services, target);
  const attempt = () =>
    withCancellableProgress(services, `Connecting to ${target.label}…`, (signal) =>
      services.session.connect(
        target,
        async () => ({ db: await (await loadDriver()).openDatabase(connectInputFor(target, defaults, secrets)) }),
        signal,
      ),
    );
  let info;
  try {
    info = await attempt();
  } catch (err) {
    if (!(err instanceof LensError && err.kind === 'auth' && target.kind === 'profile')) throw err;
    const password = await askPassword(target.profile.name);
    if (password === undefined) throw err;
    services.redactions.add(password);
    secrets = { ...secrets, password };
    info = await attempt();
    await services.secretStore.setPassword(target.profile, password);
  }
  services.log.info(
    `Connected to ${info.target.label} (${info.display}), PostgreSQL ${info.serverVersion}, LiteLLM schema ${info.generation}, ${info.tableCount} tables.`,
  );
  if (!info.isLiteLLM) {
    const caps = services.session.capabilities;
    try {
      caps.requireLiteLLM(services.session.db.connection.database);
    } catch (err) {
      void vscode.window.showWarningMessage(services.redactions.redact((err as LensError).describe().replace(/\n/g, ' ')));
    }
  }
}
