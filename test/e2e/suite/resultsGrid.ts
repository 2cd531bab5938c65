/** The results grid webview as the user reads it: the summary line, the column names and the rendered rows. */
import { eventually } from './lens';
import { ui } from './ui';

export interface GridView {
  /** e.g. `31 rows · 12 ms` */
  summary: string;
  columns: string[];
  /** Rendered rows in row-number order, cells by column. */
  rows: string[][];
}

/** Waits for the query to finish (the summary shows the row count), then reads the grid. */
export async function readGrid(): Promise<GridView> {
  const summary = await eventually('the results summary', async () => {
    const [text] = await ui.webviewTexts('header .info');
    return /^[\d,]+ rows · /.test(text ?? '') ? text : undefined;
  });
  const columns = await ui.webviewTexts('.grid-header .gh-name');
  const raw = await ui.webviewCells('.grid-row', '.cell');
  const rows = raw
    .filter((cells) => cells[0] !== '')
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map((cells) => cells.slice(1));
  return { summary, columns, rows };
}
