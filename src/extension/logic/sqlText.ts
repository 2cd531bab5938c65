import { LensError } from '../../core/errors';
import { quoteIdent } from '../../core/sql/identifiers';

/** `"schema"."table"` or `"schema"."table"."column"`, ready to paste into SQL. */
export function qualifiedName(schema: string, table: string, column?: string): string {
  return [schema, table, ...(column === undefined ? [] : [column])].map(quoteIdent).join('.');
}

/** A parameterised preview of a table or view: the limit is a bind parameter, the names are quoted. */
export function previewSql(schema: string, table: string): string {
  return `SELECT * FROM ${qualifiedName(schema, table)} LIMIT $1`;
}

/** The SQL to run from an editor: the selection when there is one, else the whole document. */
export function sqlToRun(documentText: string, selectionText: string): string {
  const sql = selectionText.trim() !== '' ? selectionText : documentText;
  if (stripComments(sql).trim() === '') {
    throw new LensError(
      'usage',
      'There is no SQL to run in the active editor.',
      'Open or select a SQL statement, then run "LiteLLM: Run Query in Active Editor".',
    );
  }
  return sql.trim();
}

function stripComments(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/--[^\n]*/g, '')
    .replace(/;/g, '');
}
