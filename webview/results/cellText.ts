import { formatNumber } from '../../src/shared/format';
import type { Cell } from '../../src/shared/resultsProtocol';

/** Long values are cut for display (a cell shows one line); copy always uses the full value. */
const MAX_DISPLAY = 400;

/**
 * What a cell shows: NULL for null, floats without binary noise, the value as text otherwise on one line, at
 * most MAX_DISPLAY characters. Hover and copy give the exact value.
 */
export function displayText(cell: Cell): string {
  if (cell === null) return 'NULL';
  const text = typeof cell === 'number' ? formatNumber(cell) : String(cell);
  return text.length > MAX_DISPLAY ? `${text.slice(0, MAX_DISPLAY)}…` : text;
}

/** What copying a cell yields: the full value (numbers at full precision), empty for NULL. */
export function copyText(cell: Cell): string {
  return cell === null ? '' : String(cell);
}

/** A row as tab-separated values (pastes into spreadsheets); tabs and newlines inside values become spaces. */
export function rowAsTsv(row: readonly Cell[]): string {
  return row.map((c) => copyText(c).replace(/[\t\r\n]+/g, ' ')).join('\t');
}

/**
 * What the filter box matches a row against, lower-cased: every value as shown (NULL as `null`, floats as
 * displayed) and the full text of long values, joined by a separator no one types.
 */
export function filterText(row: readonly Cell[]): string {
  let text = '';
  for (const c of row) text += `${c === null ? 'null' : typeof c === 'number' ? formatNumber(c) : String(c)}\u0000`;
  return text.toLowerCase();
}
