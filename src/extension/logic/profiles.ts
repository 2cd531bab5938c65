import { SSL_MODES, type SslMode } from '../../core/db/connectionOptions';
import { parsePostgresUrl } from '../../core/db/connectionUrl';
import type { LensError } from '../../core/errors';

/**
 * A connection profile from the `litellmLens.connections` setting. It never holds a password: that lives in
 * SecretStorage under the profile name.
 */
export interface ConnectionProfile {
  name: string;
  /** `postgresql://user@host:5432/db?sslmode=…` without a password; alternative to host/port/database/user. */
  url?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  sslmode?: SslMode;
  /** Path of the CA certificate file (libpq `sslrootcert`). */
  sslrootcert?: string;
  /** Per-profile statement_timeout in seconds (overrides `litellmLens.statementTimeout`). */
  statementTimeout?: number;
}

export interface ParsedProfiles {
  profiles: ConnectionProfile[];
  /** One sentence per rejected entry, shown in the log and the Connections view. */
  problems: string[];
}

/** Validates the raw setting value; bad entries are reported, never silently used. */
export function parseProfiles(raw: unknown): ParsedProfiles {
  const profiles: ConnectionProfile[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { profiles, problems };
  if (!Array.isArray(raw)) return { profiles, problems: ['litellmLens.connections must be an array of profiles.'] };
  const seen = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const problem = validate(entry, seen);
    if (problem) problems.push(`Connection profile #${i + 1}: ${problem}`);
    else {
      const p = entry as ConnectionProfile;
      seen.add(p.name);
      profiles.push(p);
    }
  });
  return { profiles, problems };
}

function validate(entry: unknown, seen: Set<string>): string | undefined {
  if (typeof entry !== 'object' || entry === null) return 'must be an object.';
  const p = entry as Record<string, unknown>;
  if (typeof p.name !== 'string' || p.name.trim() === '') return 'needs a "name".';
  if (seen.has(p.name)) return `the name "${p.name}" is used twice.`;
  if (p.url === undefined && p.host === undefined) return `"${p.name}" needs a "url" or a "host".`;
  if (p.url !== undefined) {
    if (typeof p.url !== 'string') return `"${p.name}": "url" must be a string.`;
    let url: URL;
    try {
      url = parsePostgresUrl(p.url);
    } catch (err) {
      return `"${p.name}": "url": ${(err as LensError).message}`;
    }
    if (url.password || url.searchParams.has('password')) {
      return `"${p.name}": remove the password from "url"; LiteLLM Lens asks for it and keeps it in SecretStorage.`;
    }
  }
  if (p.sslmode !== undefined && !(SSL_MODES as readonly unknown[]).includes(p.sslmode)) {
    return `"${p.name}": sslmode must be one of ${SSL_MODES.join(', ')}.`;
  }
  if (p.port !== undefined && !(Number.isInteger(p.port) && (p.port as number) > 0 && (p.port as number) < 65536)) {
    return `"${p.name}": port must be an integer between 1 and 65535.`;
  }
  if (p.statementTimeout !== undefined && !(typeof p.statementTimeout === 'number' && p.statementTimeout >= 0)) {
    return `"${p.name}": statementTimeout must be a number of seconds (0 disables).`;
  }
  return undefined;
}

/** The password-free URL a profile describes (host fields are URL-encoded). */
export function profileUrl(p: ConnectionProfile): string {
  if (p.url) return p.url;
  const user = p.user ? `${encodeURIComponent(p.user)}@` : '';
  const host = p.host!.includes(':') ? `[${p.host}]` : p.host!;
  return `postgresql://${user}${host}:${p.port ?? 5432}/${encodeURIComponent(p.database ?? 'litellm')}`;
}
