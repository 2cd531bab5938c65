/**
 * PostgreSQL's reserved and type/function-name keywords (Appendix C, "reserved" and "reserved (can be function
 * or type)"): a column named like one of these must be quoted, e.g. `LiteLLM_SpendLogs."user"`.
 */
const RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast
check collate collation column concurrently constraint create cross current_catalog current_date current_role
current_schema current_time current_timestamp current_user default deferrable desc distinct do else end except
false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join
lateral leading left like limit localtime localtimestamp natural not notnull null offset on only or order outer
overlaps placing primary references returning right select session_user similar some symmetric system_user table
tablesample then to trailing true union unique user using variadic verbose when where window with`.split(/\s+/),
);

/** Whether an identifier can be written bare: lower case, a valid start, and not a reserved keyword. */
export function isBareIdentifier(name: string): boolean {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name);
}

/** `"name"` with embedded quotes doubled, as PostgreSQL requires: the one identifier quoting of the code base. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The identifier as it must be written: bare when PostgreSQL would read it back unchanged, else double-quoted. */
export function sqlIdent(name: string): string {
  return isBareIdentifier(name) ? name : quoteIdent(name);
}

/** Names that need quotes because of their case (the LiteLLM_* tables, `startTime`, …). */
export function isMixedCase(name: string): boolean {
  return name !== name.toLowerCase();
}
