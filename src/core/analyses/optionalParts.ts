import type { Capabilities } from '../schema/capabilities';
import type { Analysis } from './types';

const TAG = /--\s*(if|if-missing)\s*:\s*(\S+)\s*$/;

/** The `-- if: <key>` / `-- if-missing: <key>` tag ending an SQL line, if any. */
export function lineTag(line: string): { kind: 'if' | 'if-missing'; key: string } | undefined {
  const m = TAG.exec(line);
  return m ? { kind: m[1] === 'if' ? 'if' : 'if-missing', key: m[2] } : undefined;
}

/** The `-- optional:` keys this database lacks. */
export function absentOptional(analysis: Analysis, caps: Capabilities): string[] {
  return analysis.optional.filter((o) => caps.missing([o.requirement]).length > 0).map((o) => o.key);
}

/** The analysis as it runs on this database (see selectVariant). */
export function resolveOptional(analysis: Analysis, caps: Capabilities): Analysis {
  return selectVariant(analysis, new Set(absentOptional(analysis, caps)));
}

/**
 * The analysis without the `absent` optional keys: a line tagged `-- if: K` is blanked when K is absent, one
 * tagged `-- if-missing: K` when K is present (overwritten with spaces, so every offset and server error position
 * still matches the file), and `notes` says, per absent K, which figures are missing.
 */
export function selectVariant(analysis: Analysis, absent: ReadonlySet<string>): Analysis {
  const sql = analysis.sql
    .split('\n')
    .map((line) => {
      const tag = lineTag(line);
      if (!tag) return line;
      const keep = tag.kind === 'if' ? !absent.has(tag.key) : absent.has(tag.key);
      return keep ? line : ' '.repeat(line.length);
    })
    .join('\n');
  const notes = analysis.optional.filter((o) => absent.has(o.key)).map((o) => `${o.key} is missing: ${o.note}`);
  return { ...analysis, sql, notes };
}

/** Both variants of an unresolved analysis would reach the server as one broken statement. */
export function requireResolved(analysis: Analysis): void {
  if (analysis.optional.length > 0 && analysis.notes === undefined) {
    throw new Error(`Analysis "${analysis.id}" has optional parts: run the analysis requireRunnable returns.`);
  }
}
