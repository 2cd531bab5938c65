/** What the SQL diagnostics report, in editor-neutral offsets (the extension and `litellm-lens lint` map them). */
export type FindingSeverity = 'error' | 'warning';

export interface SqlEdit {
  start: number;
  end: number;
  newText: string;
}

export interface SqlFix {
  title: string;
  edits: SqlEdit[];
}

export interface SqlFinding {
  code: FindingCode;
  severity: FindingSeverity;
  message: string;
  start: number;
  end: number;
  fixes: SqlFix[];
}

/** Every diagnostic code with its severity and the docs line the README repeats. */
export const FINDING_CODES = {
  'syntax-error': { severity: 'error', doc: "PostgreSQL's own parser rejects the statement; the message is the server's." },
  'unquoted-identifier': {
    severity: 'error',
    doc: 'A mixed-case LiteLLM name written without double quotes is folded to lower case and not found (`relation "litellm_usertable" does not exist`). Quick fix: Quote identifier.',
  },
  'unknown-table': {
    severity: 'error',
    doc: 'A LiteLLM table that the connected version (or the bundled newest catalog) does not have; the message names the version and when the table was added.',
  },
  'unknown-column': {
    severity: 'error',
    doc: 'A column the table does not have in this version (e.g. `organization_id` on SpendLogs before 1.83).',
  },
  'membership-fanout': {
    severity: 'warning',
    doc: 'A spend table (SpendLogs, a daily table) joined to TeamMembership, OrganizationMembership or members_with_roles before aggregating: every spend row repeats once per member, so sums are multiplied. Aggregate first, then join.',
  },
  'daily-double-count': {
    severity: 'warning',
    doc: "Two daily spend tables aggregated in one query or their spend added: they record the same requests (user, team, tag … are slices of the same money), so it is counted twice, and the join multiplies each sum by the other table's rows.",
  },
  'sum-distinct-spend': {
    severity: 'warning',
    doc: '`SUM(DISTINCT spend)` drops rows that happen to have equal amounts instead of de-duplicating rows. Quick fix: Remove DISTINCT (and fix the join that duplicated the rows).',
  },
  'text-date-compare': {
    severity: 'error',
    doc: "The daily tables' `date` is text 'YYYY-MM-DD' (UTC); comparing it with a date or timestamp fails (`operator does not exist: text >= date`). Compare with text ('2026-10-01', to_char(…, 'YYYY-MM-DD')) or cast. Quick fix: cast the column.",
  },
  'write-statement': {
    severity: 'error',
    doc: 'The statement writes (INSERT/UPDATE/DELETE/DDL/SELECT … FOR UPDATE …); Lens sessions are read-only, so PostgreSQL refuses it.',
  },
} as const satisfies Record<string, { severity: FindingSeverity; doc: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

export function finding(code: FindingCode, message: string, start: number, end: number, fixes: SqlFix[] = []): SqlFinding {
  return { code, severity: FINDING_CODES[code].severity, message, start, end, fixes };
}
