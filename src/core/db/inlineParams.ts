import pg from 'pg';

/**
 * `sql` with `$1`, `$2`, … replaced by literals. COPY takes no bind parameters, so a query streamed through
 * COPY carries its values inline: strings through pg's escapeLiteral, finite numbers as they print, null as NULL.
 * Only for SQL this program writes: a `$n` inside one of its string literals would be replaced too.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)(?!\d)/g, (match, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`No value for ${match} (${params.length} parameters).`);
    const value = params[i];
    if (value === null) return 'NULL';
    if (typeof value === 'string') return pg.escapeLiteral(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new Error(`Cannot inline ${match}: ${typeof value} values are not supported.`);
  });
}
