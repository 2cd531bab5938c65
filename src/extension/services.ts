import type * as vscode from 'vscode';
import type { LensSession } from './logic/lensSession';
import type { SpendContext } from './panels/spendContext';
import type { RedactingLog, SecretRegistry } from './logic/redactingLog';
import type { SecretStore } from './secretStore';
import type { StatusBar } from './statusBar';

/** What command handlers, views and panels share; created once in `activate`. */
export interface Services {
  context: vscode.ExtensionContext;
  channel: vscode.LogOutputChannel;
  log: RedactingLog;
  /** Every secret seen so far: log lines and messages are redacted against it. */
  redactions: SecretRegistry;
  /** VS Code SecretStorage for passwords, pasted URLs and keys (each value read joins `redactions`). */
  secretStore: SecretStore;
  session: LensSession;
  /** The spend view's and the entity graph's shared filters and attribution results (cached per connection and filters). */
  spend: SpendContext;
  statusBar: StatusBar;
}
