import type { Cell, ColumnKind } from '../../shared/resultsProtocol';

const KIND_BY_TYPE: Record<string, ColumnKind> = {
  bool: 'boolean',
  int2: 'number', int4: 'number', int8: 'number', oid: 'number', float4: 'number', float8: 'number', numeric: 'number',
  json: 'json', jsonb: 'json',
  date: 'time', time: 'time', timestamp: 'time', timestamptz: 'time',
};

/** The grid kind of a type as the analyses engine names it (`pgTypeName`: `int8`, `timestamptz`, …). */
export function kindOfTypeName(type: string): ColumnKind {
  return KIND_BY_TYPE[type] ?? 'text';
}

/** A value as the grid shows it: primitives stay, everything else becomes text the webview renders verbatim. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return toText(value);
}

/** A value as one CSV field: NULL is empty, JSON values are JSON text, bytea is `\x…` hex as psql prints it. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  return JSON.stringify(value, jsonReplacer);
}

/** A value for a JSON export: JSON columns stay structured, bytea and bigint become strings. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'bigint') return toText(value);
  return value;
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  // Buffer.toJSON runs before the replacer sees the value, so bytea nested in arrays arrives as {type, data}.
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return `\\x${Buffer.from((value as { data: number[] }).data).toString('hex')}`;
  }
  return value;
}
