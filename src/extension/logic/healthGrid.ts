import type { Finding, HealthReport } from '../../core/health/types';
import type { Cell, ResultColumn } from '../../shared/resultsProtocol';
import type { GridResult } from './gridQuery';

const COLUMNS: ResultColumn[] = [
  { name: 'severity', type: 'text', kind: 'text' },
  { name: 'check', type: 'text', kind: 'text' },
  { name: 'subject', type: 'text', kind: 'text' },
  { name: 'count', type: 'int4', kind: 'number' },
  { name: 'money_usd', type: 'float8', kind: 'number' },
  { name: 'explanation', type: 'text', kind: 'text' },
  { name: 'drill_down_sql', type: 'text', kind: 'text' },
];

/** The health report as a grid: one row per finding (most severe first), then one per skipped check. */
export function healthGrid(report: HealthReport): GridResult {
  const rows: Cell[][] = [
    ...report.findings.map((f): Cell[] => [f.severity, f.check, f.subject, f.count, f.money, f.explanation, f.sql]),
    ...report.skipped.map((s): Cell[] => ['skipped', s.check, s.title, null, null, s.reason, null]),
  ];
  return { columns: COLUMNS, rows, rowCount: rows.length, truncated: false, elapsedMs: 0 };
}

const ICONS: Record<Finding['severity'], string> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

/** A QuickPick entry per finding: severity icon and subject, count and money, the explanation as detail. */
export function findingItem(f: Finding): { label: string; description: string; detail: string } {
  return {
    label: `${ICONS[f.severity]} ${f.subject}`,
    description: `${f.check} · ${f.count} rows · $${f.money.toFixed(2)}`,
    detail: f.explanation,
  };
}

/** The drill-down SQL as an editor document: what it shows, then the statement. */
export function drillDownDocument(f: Finding, period: HealthReport['period']): string {
  return `-- Spend health ${period.from} … ${period.to}: ${f.check} (${f.severity}) — ${f.subject}\n-- ${f.count} rows, $${f.money}\n${f.sql}\n`;
}
