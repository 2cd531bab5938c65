import { czrnProblem } from './czrn';
import type { CbfRow } from './types';

/** `lineitem/type` values the AnyCost API schema accepts (the CBF page lists two more the API refuses). */
export const LINE_ITEM_TYPES = [
  'Usage',
  'Tax',
  'Support',
  'Purchase',
  'CommittedUsePurchase',
  'Discount',
  'Credit',
  'Fee',
  'Adjustment',
] as const;

/** CBF columns other than `resource/tag:*` (docs/reference/cloudzero.md §1.1). */
export const CBF_COLUMNS = new Set([
  'time/usage_start',
  'time/usage_end',
  'cost/cost',
  'cost/amortized_cost',
  'cost/discounted_cost',
  'cost/discounted_amortized_cost',
  'cost/on_demand_cost',
  'usage/amount',
  'usage/units',
  'resource/id',
  'resource/account',
  'resource/service',
  'resource/region',
  'resource/usage_family',
  'lineitem/type',
  'lineitem/cloud_provider',
  'lineitem/description',
  'lineitem/id',
  'k8s/cluster',
  'k8s/deployment',
  'k8s/labels',
  'k8s/namespace',
  'bill/invoice_id',
  'action/operation',
  'action/usage_type',
]);

const TAG_PREFIX = 'resource/tag:';
const TAG_KEY = /^resource\/tag:[A-Za-z0-9_.:/=+\-@]+$/;
const UNSIGNED_DECIMAL = /^\d+(\.\d+)?$/;
const HOUR = /^\d{4}-\d\d-\d\dT\d\d:00:00Z$/;
const LINE_ITEM_TYPE_SET: ReadonlySet<string> = new Set(LINE_ITEM_TYPES);

export interface ValidationOptions {
  /**
   * `resource/id` must be exactly `<type>/<id>`: one `/`, no `:` (the lens profile's promise). Without it only
   * emptiness is refused: ll2cz's ids (`fireworks_ai/accounts/…`, a bare `call_mcp_tool`) are kept as ll2cz sends them.
   */
  singleSeparatorResourceId?: boolean;
}

/** Why one column's value is unacceptable, or undefined. Pure: equal inputs give equal answers (callers memoise). */
export function columnProblem(column: string, value: string, opts: ValidationOptions = {}): string | undefined {
  if (typeof value !== 'string') return `${column} is not a string`;
  if (column.startsWith(TAG_PREFIX)) {
    if (!TAG_KEY.test(column)) return `tag key ${JSON.stringify(column)} has characters outside letters, digits and _ . : / = + - @`;
    return column === 'resource/tag:czrn' ? czrnProblem(value) : undefined;
  }
  if (!CBF_COLUMNS.has(column)) return `${JSON.stringify(column)} is not a CBF column`;
  if (column.startsWith('cost/') || column === 'usage/amount') {
    return UNSIGNED_DECIMAL.test(value) ? undefined : `${column} ${JSON.stringify(value)} is not an unsigned decimal without exponent`;
  }
  if (column.startsWith('time/')) return hourProblem(column, value);
  if (column === 'lineitem/type') {
    return LINE_ITEM_TYPE_SET.has(value) ? undefined : `lineitem/type ${JSON.stringify(value)} is not one of ${LINE_ITEM_TYPES.join(', ')}`;
  }
  if (column === 'resource/id') return resourceIdProblem(value, opts);
  return undefined;
}

function hourProblem(column: string, value: string): string | undefined {
  if (!HOUR.test(value)) {
    return `${column} ${JSON.stringify(value)} is not a UTC ISO timestamp at the start of an hour (YYYY-MM-DDTHH:00:00Z)`;
  }
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString() !== value.replace('Z', '.000Z')) {
    return `${column} ${JSON.stringify(value)} is not a real date`;
  }
  return undefined;
}

function resourceIdProblem(value: string, opts: ValidationOptions): string | undefined {
  if (value === '') return 'resource/id is empty';
  if (!opts.singleSeparatorResourceId) return undefined;
  const cut = value.indexOf('/');
  if (cut <= 0 || cut === value.length - 1 || value.includes(':') || value.indexOf('/', cut + 1) >= 0) {
    return `resource/id ${JSON.stringify(value)} is not <type>/<id> with exactly one "/" and no ":" (CloudZero drops segments after a second separator)`;
  }
  return undefined;
}

/** Problems with the row's column set: the required CBF columns. */
export function requiredProblems(row: CbfRow): string[] {
  const out: string[] = [];
  if (row['time/usage_start'] === undefined) out.push('time/usage_start is missing');
  if (row['cost/cost'] === undefined) out.push('cost/cost is missing');
  if (row['resource/id'] === undefined && Object.keys(row).some((k) => k.startsWith(TAG_PREFIX))) {
    out.push('resource/id is missing although the row has resource/tag:* columns');
  }
  return out;
}

/** Every reason the row is not acceptable CBF (empty when it is). */
export function validateRow(row: CbfRow, opts: ValidationOptions = {}): string[] {
  const reasons = requiredProblems(row);
  for (const [column, value] of Object.entries(row)) {
    const problem = columnProblem(column, value, opts);
    if (problem) reasons.push(problem);
  }
  return reasons;
}
