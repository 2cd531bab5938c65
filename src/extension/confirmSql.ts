import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyses/types';
import { LensError } from '../core/errors';
import { overrideWarning } from './logic/analysisTrust';
import { userSqlNeedsConfirmation, userSqlWarning } from './logic/userSqlGate';
import type { Services } from './services';

const RUN = 'Run';

/** Asks before the user's own SQL runs with a privileged role (once per connection); throws 'cancelled' on No. */
export async function confirmUserSql(services: Services, what: string): Promise<void> {
  const info = services.session.info;
  if (!info || !userSqlNeedsConfirmation(info, services.session.userSqlConfirmed)) return;
  const { message, detail } = userSqlWarning(info, what);
  if ((await vscode.window.showWarningMessage(message, { modal: true, detail }, RUN)) !== RUN) {
    throw new LensError('cancelled', 'Cancelled.');
  }
  services.session.userSqlConfirmed = true;
}

/** Overriding analyses the user already agreed to run in this window, by origin, path and exact SQL. */
const agreedOverrides = new Set<string>();

/**
 * Before an analysis from the workspace or settings runs: one that replaces a shipped analysis of the same id
 * asks first (the id looks familiar, the SQL is not ours), and any non-shipped SQL passes the privileged-role gate.
 */
export async function confirmAnalysis(services: Services, analysis: Analysis): Promise<void> {
  if (analysis.origin === 'library') return;
  if (analysis.overrides) {
    const key = createHash('sha256')
      .update(`${analysis.origin}\n${analysis.path ?? ''}\n${analysis.sql}`)
      .digest('hex');
    if (!agreedOverrides.has(key)) {
      const { message, detail } = overrideWarning(analysis);
      if ((await vscode.window.showWarningMessage(message, { modal: true, detail }, RUN)) !== RUN) {
        throw new LensError('cancelled', 'Cancelled.');
      }
      agreedOverrides.add(key);
    }
  }
  await confirmUserSql(services, `Run analysis "${analysis.name}"`);
}
