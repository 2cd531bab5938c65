/** How a CSV file is written. */
export interface CsvFormat {
  /** Field separator; default `,`. */
  delimiter?: string;
  /** Record end; default `\n`. */
  recordDelimiter?: '\n' | '\r\n';
  /**
   * Prefix cells a spreadsheet would run as a formula with `'` (OWASP "CSV Injection"). On for every CSV a
   * person opens; off by default for CBF, whose reader is CloudZero (src/core/cbf/README.md).
   */
  escapeFormulas: boolean;
}

/**
 * Cells a spreadsheet evaluates: leading `=`, `+`, `@`, TAB, CR (and their full-width forms, which some
 * spreadsheets normalise), or `-` unless the whole cell is a plain number, so negative amounts stay numbers.
 */
const FORMULA_START = /^(?:[=+@\t\r\uFF1D\uFF0B\uFF20]|[-\uFF0D](?!\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$))/;

/** `text` with a leading `'` when a spreadsheet would otherwise evaluate it. */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/**
 * The one CSV encoder: RFC 4180 quoting (a field with the delimiter, a quote, CR or LF is quoted and its quotes
 * doubled), optional formula escaping. It writes what csv-stringify writes (test/unit/csv-encoding.test.ts
 * compares the two on hostile cells and delimiters) without the library's per-call option handling, which made
 * each quoted cell cost microseconds: a logs export quotes several cells of each of ~100,000 identities.
 */
export class CsvEncoding {
  readonly delimiter: string;
  readonly recordDelimiter: string;
  private readonly escapeFormulas: boolean;
  private readonly needsQuoting: RegExp;

  constructor(readonly format: CsvFormat) {
    this.delimiter = format.delimiter ?? ',';
    this.recordDelimiter = format.recordDelimiter ?? '\n';
    this.escapeFormulas = format.escapeFormulas;
    // A character class when the delimiter is one character: this test runs for every cell of a CBF export.
    this.needsQuoting =
      this.delimiter.length === 1
        ? new RegExp(`["\\r\\n${regexEscape(this.delimiter)}]`)
        : new RegExp(`["\\r\\n]|${regexEscape(this.delimiter)}`);
  }

  /** One field; `undefined` and `null` are empty. */
  cell(value: string | null | undefined): string {
    if (value === undefined || value === null || value === '') return '';
    const text = this.escapeFormulas ? escapeFormula(value) : value;
    return this.needsQuoting.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  /** One record without its record end, as a flat string (join, not `+=`: callers cache and copy it per row). */
  record(cells: readonly (string | null | undefined)[]): string {
    const out: string[] = new Array(cells.length);
    for (let i = 0; i < cells.length; i++) out[i] = this.cell(cells[i]);
    return out.join(this.delimiter);
  }

  /** Records, each followed by the record end. */
  records(rows: readonly (readonly (string | null | undefined)[])[]): string {
    const lines: string[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) lines[r] = this.record(rows[r]) + this.recordDelimiter;
    return lines.join('');
  }
}
