import { jsonReplacer, valueText as toText } from '../../core/files/valueText';
import type { Cell, ColumnKind } from '../../shared/resultsProtocol';

export { jsonReplacer, toText };

const KIND_BY_TYPE: Record<string, ColumnKind> = {
  bool: 'boolean',
  int2: 'number',
  int4: 'number',
  int8: 'number',
  oid: 'number',
  float4: 'number',
  float8: 'number',
  numeric: 'number',
  json: 'json',
  jsonb: 'json',
  date: 'time',
  time: 'time',
  timestamp: 'time',
  timestamptz: 'time',
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
