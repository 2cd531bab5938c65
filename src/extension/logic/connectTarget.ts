import { type ConnectInput, resolveConnection } from '../../core/db/connectionOptions';
import { LensError } from '../../core/errors';
import { type ConnectionProfile, profileUrl } from './profiles';

/** Something the user can connect to, as listed in the Connect… QuickPick and the Connections view. */
export type ConnectTarget =
  | { kind: 'profile'; id: string; label: string; profile: ConnectionProfile }
  | { kind: 'env'; id: 'env'; label: string; varName: string }
  | { kind: 'pasted'; id: 'pasted'; label: string }
  | { kind: 'demo'; id: 'demo'; label: string };

export const DEMO_TARGET: ConnectTarget = { kind: 'demo', id: 'demo', label: 'Demo database' };
export const PASTED_TARGET: ConnectTarget = { kind: 'pasted', id: 'pasted', label: 'Pasted connection string' };

export function profileTarget(profile: ConnectionProfile): ConnectTarget {
  return { kind: 'profile', id: `profile:${profile.name}`, label: profile.name, profile };
}

export function envTarget(varName: string): ConnectTarget {
  return { kind: 'env', id: 'env', label: `$${varName}`, varName };
}

/** Session-wide connection settings that apply to every target. */
export interface ConnectDefaults {
  /** Seconds; 0 disables. */
  statementTimeout: number;
  applicationName: string;
}

/** Secrets and environment a target may need; the glue reads them from SecretStorage and process.env. */
export interface TargetSecrets {
  env: NodeJS.ProcessEnv;
  password?: string;
  pastedUrl?: string;
}

/** The engine's connect input for a target (the demo target connects through the demo server's URL instead). */
export function connectInputFor(target: ConnectTarget, defaults: ConnectDefaults, secrets: TargetSecrets): ConnectInput {
  const base = { applicationName: defaults.applicationName, statementTimeoutMs: defaults.statementTimeout * 1000, env: {} };
  switch (target.kind) {
    case 'profile': {
      const p = target.profile;
      return {
        ...base,
        url: profileUrl(p),
        password: secrets.password,
        ...(p.sslmode ? { sslmode: p.sslmode } : {}),
        ...(p.sslrootcert ? { sslrootcert: p.sslrootcert } : {}),
        ...(p.statementTimeout !== undefined ? { statementTimeoutMs: p.statementTimeout * 1000 } : {}),
      };
    }
    case 'env': {
      const url = secrets.env[target.varName];
      if (!url) {
        throw new LensError(
          'usage',
          `The environment variable ${target.varName} is not set in VS Code's environment.`,
          'Start VS Code from a shell where it is set, change litellmLens.connectionStringEnvVar, or paste a connection string.',
        );
      }
      // PGPASSWORD/PGUSER from the same environment apply, as they would for the LiteLLM proxy.
      return { ...base, url, env: secrets.env };
    }
    case 'pasted':
      if (!secrets.pastedUrl) {
        throw new LensError('usage', 'No pasted connection string is stored.', 'Run "LiteLLM: Connect to Database…" and paste one.');
      }
      return { ...base, url: secrets.pastedUrl };
    case 'demo':
      throw new Error('the demo target has no connect input');
  }
}

/** A password-free description of where a target points, or why it cannot be used. */
export function describeTarget(target: ConnectTarget, secrets: TargetSecrets): string {
  if (target.kind === 'demo') return 'built-in PGlite with generated LiteLLM data';
  if (target.kind === 'env' && !secrets.env[target.varName]) return 'not set';
  if (target.kind === 'pasted' && !secrets.pastedUrl) return 'none stored';
  try {
    return resolveConnection(connectInputFor(target, { statementTimeout: 0, applicationName: '' }, secrets)).display;
  } catch {
    return 'malformed connection string';
  }
}
