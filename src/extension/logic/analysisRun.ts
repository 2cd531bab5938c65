import { bindParams } from '../../core/analyses/bindParams';
import { requireRunnable } from '../../core/analyses/checkRunnable';
import type { Analysis } from '../../core/analyses/types';
import type { Capabilities } from '../../core/schema/capabilities';
import type { ResultsHeader } from '../../shared/resultsProtocol';

/** What the results panel runs for an analysis: its SQL with the bound values, keyed so a re-run reuses the panel. */
export interface AnalysisQuery {
  key: string;
  title: string;
  sql: string;
  params: (string | number)[];
  byName: Record<string, string | number>;
  /** Figures missing on this database (`-- optional:` parts it lacks). */
  notes: string[];
}

/**
 * Refuses an analysis this database cannot run (naming the missing tables/columns) before any SQL is sent, then
 * binds the supplied values (defaults filled in, relative dates resolved in UTC).
 */
export function analysisQuery(
  analysis: Analysis,
  caps: Capabilities,
  supplied: Readonly<Record<string, string>>,
  now?: Date,
): AnalysisQuery {
  const prepared = requireRunnable(analysis, caps);
  const bound = bindParams(analysis, supplied, now);
  return {
    key: `analysis:${analysis.id}`,
    title: analysis.name,
    sql: prepared.sql,
    params: bound.values,
    byName: bound.byName,
    notes: prepared.notes ?? [],
  };
}

/** The results panel's header for an analysis run: its name, the values used by name, and the missing figures. */
export function analysisHeader(query: AnalysisQuery, connection: string): ResultsHeader {
  return { title: query.title, connection, sql: query.sql, params: query.params, named: Object.entries(query.byName), notes: query.notes };
}
