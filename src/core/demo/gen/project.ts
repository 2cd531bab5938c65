import { catalogFor } from '../catalog';
import type { SchemaVersion } from '../versions';

type Row = Record<string, unknown>;

const FULL_COLUMNS = new Map(catalogFor('029f645f').map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

/**
 * Fits rows generated for the newest schema to an older level: tables it lacks are dropped and so are
 * columns it lacks. Returns every table of the level in FK-safe insertion order (`order` first).
 */
export function projectToVersion(rows: Record<string, Row[]>, order: readonly string[], version: SchemaVersion): Record<string, Row[]> {
  const catalog = catalogFor(version);
  const columns = new Map(catalog.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const names = [...order.filter((t) => columns.has(t)), ...catalog.map((t) => t.name).filter((t) => !order.includes(t))];
  const out: Record<string, Row[]> = {};
  for (const table of names) {
    const source = rows[table] ?? [];
    const known = FULL_COLUMNS.get(table);
    const unknown = source.length > 0 ? Object.keys(source[0]).filter((c) => !known?.has(c)) : [];
    if (unknown.length > 0) throw new Error(`demo rows for ${table} have unknown columns: ${unknown.join(', ')}`);
    const keep = columns.get(table) as Set<string>;
    const dropped = source.length > 0 ? Object.keys(source[0]).filter((c) => !keep.has(c)) : [];
    out[table] =
      dropped.length === 0
        ? source
        : source.map((row) => {
            const copy = { ...row };
            for (const c of dropped) delete copy[c];
            return copy;
          });
  }
  return out;
}
