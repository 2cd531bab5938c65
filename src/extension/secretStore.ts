import type * as vscode from 'vscode';
import { type ConnectionProfile, profileUrl } from './logic/profiles';
import type { SecretRegistry } from './logic/redactingLog';

const PASSWORD_PREFIX = 'litellmLens.password/';
const PASTED_URL = 'litellmLens.pastedConnectionString';
const CLOUDZERO_API_KEY = 'litellmLens.cloudzero.apiKey';

/**
 * SecretStorage access for connection secrets. Every value read or written is added to the redaction registry,
 * so it can never reach a log line or a message afterwards.
 */
export class SecretStore {
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly registry: SecretRegistry,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.storage.get(key);
    this.registry.add(value);
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    this.registry.add(value);
    await this.storage.store(key, value);
  }

  delete(key: string): Thenable<void> {
    return this.storage.delete(key);
  }

  /**
   * Passwords are keyed by profile name *and* password-free URL: if a profile is edited (or a settings file
   * redefines it) to point at another server, the stored password is not sent there; the user is asked again.
   */
  password(profile: ConnectionProfile): Promise<string | undefined> {
    return this.get(passwordKey(profile));
  }

  setPassword(profile: ConnectionProfile, password: string): Promise<void> {
    return this.set(passwordKey(profile), password);
  }

  pastedUrl(): Promise<string | undefined> {
    return this.get(PASTED_URL);
  }

  setPastedUrl(url: string): Promise<void> {
    return this.set(PASTED_URL, url);
  }

  deletePastedUrl(): Thenable<void> {
    return this.delete(PASTED_URL);
  }

  cloudZeroApiKey(): Promise<string | undefined> {
    return this.get(CLOUDZERO_API_KEY);
  }

  setCloudZeroApiKey(key: string): Promise<void> {
    return this.set(CLOUDZERO_API_KEY, key);
  }

  deleteCloudZeroApiKey(): Thenable<void> {
    return this.delete(CLOUDZERO_API_KEY);
  }
}

function passwordKey(profile: ConnectionProfile): string {
  return `${PASSWORD_PREFIX}${profile.name}@${profileUrl(profile)}`;
}
