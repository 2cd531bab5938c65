import { describeRole } from '../../core/db/roleInfo';
import type { SessionInfo } from './lensSession';

/** Status bar text and tooltip for the current connection (codicons in `$(…)`). */
export interface StatusText {
  text: string;
  tooltip: string;
}

/**
 * The LiteLLM release a schema generation corresponds to, in the words of its changelog (a generation named
 * after a migration hash, `029f645f`, reads like a broken version number).
 */
const RELEASES: Record<SessionInfo['generation'], string> = {
  'early-2025': 'early 2025',
  '1.83': '1.83',
  '029f645f': 'after 1.83.2',
  later: 'newer than 1.83.2',
  unknown: 'unknown version',
};

export function statusText(info: SessionInfo | undefined, busy: number): StatusText {
  const spin = busy > 0 ? '$(loading~spin) ' : '';
  if (!info) return { text: `${spin}$(plug) LiteLLM: not connected`, tooltip: 'Connect to a LiteLLM database' };
  const schema = info.isLiteLLM ? `LiteLLM ${RELEASES[info.generation] ?? 'unknown version'}` : 'not LiteLLM';
  // The generated demo database runs as its superuser and holds nothing worth protecting.
  const warn = info.role.privileged && info.target.kind !== 'demo';
  return {
    text: `${spin}${warn ? '$(warning)' : '$(database)'} ${info.target.label} · PG ${info.serverVersion} · ${schema}`,
    tooltip: [
      info.display,
      `PostgreSQL ${info.serverVersion}, read-only session`,
      warn
        ? `Warning: ${describeRole(info.role)}. A read-only transaction does not stop such a role; your own SQL asks for confirmation once per connection. Prefer a least-privilege role (README).`
        : `Connected as ${describeRole(info.role)}`,
      info.isLiteLLM
        ? `LiteLLM schema generation: ${info.generation} (${info.tableCount} tables; LiteLLM ${RELEASES[info.generation] ?? 'unknown version'})`
        : 'No LiteLLM tables found in schema "public"',
      busy > 0 ? `${busy} ${busy === 1 ? 'query' : 'queries'} running` : '',
      'Click to switch connection',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}
