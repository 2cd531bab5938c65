/**
 * Results grid paint and scroll times: 100k rows × 6 columns of real engine output (runGridQuery on PostgreSQL)
 * delivered to the production webview page in Debian Chromium, then 120 jump scrolls and 60 wheel steps. Prints
 * the figures and the targets (first paint < 500 ms, render per jump p50 < 8 ms, scroll frame p50 < 50 ms) with
 * the machine load, then the filter box and Ctrl+A/Ctrl+C over all rows (reported, no target); timing belongs
 * here, not in the functional webview test.
 */
import { loadavg } from 'node:os';
import { openDatabase } from '../src/core/db/database';
import { runGridQuery } from '../src/extension/logic/gridQuery';
import { webviewHtml } from '../src/extension/logic/webviewHtml';
import { bundleScript, launchBrowser, servePage } from '../test/support/browser';
import {
  CHUNK_ROWS,
  deliverAndScroll,
  FILTER_TEXT,
  fmt,
  REFILTER_TEXT,
  HARNESS,
  messagesFor,
  waitForReady,
} from '../test/support/resultsGridPage';
import { withBenchDatabase } from './benchDatabase';

const ROWS = 100_000;
const SQL = `SELECT g AS n, (g * 1.5)::numeric(14,4) AS amount, 'user-' || (g % 97) AS label,
                    jsonb_build_object('g', g, 'tags', jsonb_build_array('a', 'b')) AS metadata,
                    timestamp '2026-10-01' + g * interval '1 minute' AS "startTime", g % 7 = 0 AS flag
             FROM generate_series(1, $1::int) g`;

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

async function main(): Promise<void> {
  await withBenchDatabase('lens_bench_grid', async (bench) => {
    const db = await openDatabase({ url: bench.url, env: {}, applicationName: 'lens-bench-grid' });
    const result = await runGridQuery(db, SQL, [ROWS], { maxRows: ROWS }).finally(() => db.close());
    const messages = messagesFor({ title: 'bench', connection: db.connection.display, sql: SQL, params: [ROWS] }, result);
    const browser = await launchBrowser();
    const script = await bundleScript({ file: 'webview/results/main.ts' });
    const html = webviewHtml({ title: 'Results', cspSource: `'self'`, scriptUri: 'results.js', nonce: 'bench-nonce-0123456789' });
    const served = await servePage({ 'index.html': html, 'results.js': script, 'favicon.ico': '' });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript(HARNESS);
      await page.goto(served.url);
      await waitForReady(page);
      const m = await deliverAndScroll(page, messages, '100,000 rows');
      console.log(
        `results grid, ${ROWS.toLocaleString('en-US')} rows × ${result.columns.length} columns (Chromium headless, 1280×800), load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}:`,
      );
      console.log(
        `  first paint ${m.load.firstPaint.toFixed(1)} ms (target < 500: ${verdict(m.load.firstPaint < 500)}); all rows counted ${m.load.allRows.toFixed(1)} ms`,
      );
      console.log(
        `  structured clone of one ${CHUNK_ROWS}-row chunk (paid per message in a real webview): ${m.load.cloneChunk.toFixed(1)} ms`,
      );
      console.log(`  jump scroll, render per step: ${fmt(m.jumps.work)} (p50 target < 8: ${verdict(m.jumps.work.p50 < 8)})`);
      console.log(`  jump scroll, frame interval:  ${fmt(m.jumps.frames)} (p50 target < 50: ${verdict(m.jumps.frames.p50 < 50)})`);
      console.log(`  wheel scroll, frame interval: ${fmt(m.wheel)} (p50 target < 50: ${verdict(m.wheel.p50 < 50)})`);
      console.log(`  DOM rows alive: ${m.domRows}`);
      console.log(
        `  filter "${FILTER_TEXT}" over every row: ${m.filter.ms.toFixed(1)} ms to "${m.filter.shown}" (the 150 ms typing pause included); then "${REFILTER_TEXT}" ${m.refilter.ms.toFixed(1)} ms to "${m.refilter.shown}"`,
      );
      console.log(
        `  Ctrl+A, Ctrl+C: ${m.copyFiltered.lines.toLocaleString('en-US')} filtered rows ${m.copyFiltered.ms.toFixed(1)} ms; all ${m.copyAll.lines.toLocaleString('en-US')} rows ${m.copyAll.ms.toFixed(1)} ms`,
      );
    } finally {
      await browser.close();
      await served.close();
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
