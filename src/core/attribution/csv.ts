import { CsvEncoding } from '../files/csv';
import type { AttributionNode } from './types';

/**
 * A double in plain decimal notation, never with an exponent: `1e-7` → `0.0000001`, `1.5e21` →
 * `1500000000000000000000`. The digits are JavaScript's shortest round-trip representation, so the value
 * parses back to the same double.
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const text = String(n === 0 ? 0 : n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

export const TREE_CSV_COLUMNS = [
  'path',
  'level',
  'id',
  'name',
  'alias',
  'status',
  'spend',
  'share',
  'api_requests',
  'successful_requests',
  'failed_requests',
  'prompt_tokens',
  'completion_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
] as const;

/** The tree as rows, parents before their children (depth-first, children by spend). */
export function flattenTree(root: AttributionNode): AttributionNode[] {
  const out: AttributionNode[] = [];
  const visit = (n: AttributionNode) => {
    out.push(n);
    for (const c of n.children) visit(c);
  };
  visit(root);
  return out;
}

/** Aliases and names are set by proxy callers and the file is opened in spreadsheets: formulas are escaped. */
const CSV = new CsvEncoding({ recordDelimiter: '\r\n', escapeFormulas: true });

/** RFC 4180 CSV of the flattened tree (header first); numbers in plain decimal notation. */
export function treeToCsv(root: AttributionNode): string {
  const rows = flattenTree(root).map((n) => [
    n.path,
    n.level,
    n.id ?? '',
    n.name,
    n.alias ?? '',
    n.status,
    plainNumber(n.spend),
    plainNumber(n.share),
    plainNumber(n.apiRequests),
    plainNumber(n.successfulRequests),
    plainNumber(n.failedRequests),
    plainNumber(n.promptTokens),
    plainNumber(n.completionTokens),
    plainNumber(n.cacheReadInputTokens),
    plainNumber(n.cacheCreationInputTokens),
  ]);
  return CSV.records([[...TREE_CSV_COLUMNS], ...rows]);
}
