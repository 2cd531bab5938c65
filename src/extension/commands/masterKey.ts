import * as vscode from 'vscode';
import { hashMasterKey } from '../../core/db/masterKey';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import type { Services } from '../services';

const MASTER_KEY = 'litellmLens.masterKey';

/** Per extension instance: the stored master key as LiteLLM stores it (its hash; the key itself is never kept in memory). */
const hashes = new WeakMap<Services, string>();

async function load(services: Services): Promise<void> {
  const key = await services.secretStore.get(MASTER_KEY);
  if (key) hashes.set(services, hashMasterKey(key));
  else hashes.delete(services);
}

/** The master key's hash, for labelling master-key spend (undefined until the user sets the key). */
export function masterKeyHashOf(services: Services): string | undefined {
  return hashes.get(services);
}

/**
 * "Set Master Key…": stored in SecretStorage; spend under its hash shows as "(master key)" in attributions
 * computed afterwards (the hash is part of their cache key).
 */
export function registerMasterKeyCommand(services: Services): void {
  void load(services).catch((err: unknown) => services.log.warn(`Could not read the stored master key: ${String(err)}`));
  registerCommand(services, COMMANDS.setMasterKey, 'Set master key', async () => {
    const key = await vscode.window.showInputBox({
      title: 'LiteLLM master key',
      prompt:
        "Used only to recognise master-key spend (LiteLLM stores it under the key's SHA-256 hash). Stored in VS Code SecretStorage; leave empty to remove it.",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key === '') await services.secretStore.delete(MASTER_KEY);
    else await services.secretStore.set(MASTER_KEY, key);
    await load(services);
    vscode.window.setStatusBarMessage(key === '' ? 'Master key removed' : 'Master key stored in SecretStorage', 4000);
  });
}
