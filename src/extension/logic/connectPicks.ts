import { type ConnectTarget, describeTarget, type TargetSecrets } from './connectTarget';

/** What choosing an entry of the Connect… QuickPick does. */
export type ConnectAction = { kind: 'target'; target: ConnectTarget } | { kind: 'paste' } | { kind: 'editProfiles' };

export interface ConnectPick {
  label: string;
  description: string;
  detail?: string;
  action: ConnectAction;
  /** Starts a new QuickPick section with this title. */
  section?: string;
}

/**
 * The Connect… entries: saved profiles, the environment variable, the last pasted string, pasting a new one,
 * the demo database (when available) and editing profiles. Descriptions never carry a password.
 */
export function connectPicks(targets: ConnectTarget[], secrets: TargetSecrets, activeId: string | undefined): ConnectPick[] {
  const picks: ConnectPick[] = [];
  const mark = (t: ConnectTarget, text: string) => (t.id === activeId ? `connected · ${text}` : text);
  const profiles = targets.filter((t) => t.kind === 'profile');
  profiles.forEach((t, i) =>
    picks.push({
      label: `$(database) ${t.label}`,
      description: mark(t, describeTarget(t, secrets)),
      action: { kind: 'target', target: t },
      ...(i === 0 ? { section: 'Profiles' } : {}),
    }),
  );
  const env = targets.find((t) => t.kind === 'env');
  if (env && env.kind === 'env') {
    picks.push({
      label: `$(symbol-variable) From environment variable ${env.varName}`,
      description: mark(env, describeTarget(env, secrets)),
      action: { kind: 'target', target: env },
      section: 'Other sources',
    });
  }
  const pasted = targets.find((t) => t.kind === 'pasted');
  if (pasted && secrets.pastedUrl) {
    picks.push({
      label: '$(history) Last pasted connection string',
      description: mark(pasted, describeTarget(pasted, secrets)),
      action: { kind: 'target', target: pasted },
    });
  }
  picks.push({ label: '$(clippy) Paste connection string…', description: 'kept in SecretStorage only', action: { kind: 'paste' } });
  const demo = targets.find((t) => t.kind === 'demo');
  if (demo) {
    picks.push({
      label: '$(beaker) Open Demo Database',
      description: mark(demo, describeTarget(demo, secrets)),
      action: { kind: 'target', target: demo },
    });
  }
  picks.push({ label: '$(gear) Edit connection profiles…', description: 'litellmLens.connections', action: { kind: 'editProfiles' } });
  return picks;
}
