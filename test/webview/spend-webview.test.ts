/**
 * The spend attribution webview in Debian Chromium under the panel's HTML and strict CSP (no inline styles),
 * fed by the real attribution engine over the demo database. The figures on screen are checked against the
 * engine's result and against brute-force SQL; hostile aliases must stay text; exports write the shown tables.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { type LensDatabase, openDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { exportGrid } from '../../src/extension/logic/exportQuery';
import { webviewHtml } from '../../src/extension/logic/webviewHtml';
import { sendSpendStages } from '../../src/extension/logic/spendStages';
import { spendGrid, spendTable } from '../../src/extension/panels/spendContent';
import { SpendContext } from '../../src/extension/panels/spendContext';
import { type HostToSpend, type SpendFilters, type SpendToHost, type SpendView } from '../../src/shared/spendProtocol';
import { bundleScript, launchBrowser, servePage, type ServedPage } from '../support/browser';
import { contrast } from '../../src/shared/colour';
import { formatUsd } from '../../src/shared/format';
import { seriousViolations } from '../support/axe';
import { screenshotPath } from '../support/screenshots';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import type { TestTheme } from '../support/vscodeTheme';
import { openWebview, type WebviewHandle } from '../support/webviewHarness';

const HOSTILE_TEAM = '<img src=x onerror=alert(1)>';

type View = WebviewHandle<SpendToHost, HostToSpend>;
type Rendered = Extract<SpendToHost, { type: 'rendered' }>;
/** The full view drawn (a summary is drawn before it). */
const isRendered = (m: SpendToHost): m is Rendered => m.type === 'rendered' && m.state.stage === 'full';
const isSummary = (m: SpendToHost): m is Rendered => m.type === 'rendered' && m.state.stage === 'summary';

describe('spend attribution webview in Chromium', () => {
  let browser: Browser;
  let served: ServedPage;
  let database: TestDatabase;
  let db: LensDatabase;
  let spend: SpendContext;
  /** The last view the host sent, as SpendPanel keeps it for exports. */
  let lastView: SpendView | undefined;

  let generation = 0;
  /** While set, the host holds the full view back after sending the summary (a test looks at the summary alone). */
  let holdFull: Promise<void> | undefined;
  /**
   * The host side: SpendPanel's message handling around its vscode-free core, sendSpendStages, which builds and
   * posts the summary and full views (the real function, so a change in it shows here). No progress UI.
   */
  async function host(msg: SpendToHost, view: View): Promise<void> {
    const compute = async (filters: SpendFilters) => {
      const current = ++generation;
      spend.setFilters(filters);
      await view.send({ type: 'computing', filters });
      const post = async (m: HostToSpend): Promise<void> => {
        await view.send(m);
        if (m.type === 'result' && m.view.stage === 'summary') await holdFull;
      };
      const result = await sendSpendStages(
        spend,
        filters,
        post,
        () => current === generation,
        (work) => work(),
      );
      if (result) lastView = result;
    };
    if (msg.type === 'ready') {
      const [dataRange, filters] = await Promise.all([spend.dataRange(), spend.filters()]);
      await view.send({ type: 'init', connection: 'demo 029f645f', dataRange, filters });
      await compute(filters);
    }
    if (msg.type === 'compute') {
      if (msg.refresh) spend.forget(msg.filters);
      await compute(msg.filters);
    }
  }

  before(async () => {
    const [script] = await Promise.all([
      bundleScript({ file: 'webview/spend/main.ts' }),
      (async () => {
        database = await createTestDatabase({ version: '029f645f' });
        db = await openDatabase({ url: database.url, env: {}, applicationName: 'lens-spend-webview' });
        const caps = new Capabilities(await introspect(db));
        spend = new SpendContext({ db, capabilities: caps, onDidChange: () => () => undefined });
      })(),
    ]);
    const html = webviewHtml({ title: 'Spend Attribution', cspSource: `'self'`, scriptUri: 'spend.js', nonce: 'spend-test-nonce-0123' });
    served = await servePage({ 'index.html': html, 'spend.js': script, 'favicon.ico': '' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await served?.close();
    await db?.close();
    await database?.drop();
  });

  /** A fresh page on the default filters (an earlier test may have changed the shared ones). */
  async function open(theme: TestTheme = 'light'): Promise<View> {
    const range = (await spend.dataRange())!;
    spend.setFilters({
      from: new Date(Date.parse(range.last) - 29 * 86_400_000).toISOString().slice(0, 10),
      to: range.last,
      basis: 'daily',
      topN: 10,
    });
    return openWebview<SpendToHost, HostToSpend>(browser, served.url, host, { theme, viewport: { width: 1400, height: 1000 } });
  }

  async function assertInert(view: View): Promise<void> {
    assert.deepEqual(await view.security(), { violations: [], xss: [] }, 'no CSP violation (not even a style), no script ran');
    assert.deepEqual(view.dialogs, []);
    assert.deepEqual(view.errors, []);
  }

  const exact = async (view: View, selector: string) => Number(await view.page.locator(selector).first().getAttribute('data-value'));
  const near = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

  test("the total shown equals the engine's total and the brute-force sum of LiteLLM_DailyUserSpend", async () => {
    const view = await open();
    const { state } = await view.waitFor(isRendered);
    const filters = await spend.filters();
    const engine = await spend.attribution(filters);
    const {
      rows: [sql],
    } = await database.admin.query<{ spend: number; requests: string; tokens: string }>(
      `SELECT sum(spend) AS spend, sum(api_requests) AS requests, sum(prompt_tokens + completion_tokens) AS tokens
       FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN $1 AND $2`,
      [filters.from, filters.to],
    );
    assert.ok(sql.spend > 0);
    near(state.total, engine.tree.spend, 'reported total vs engine');
    const card = view.page.locator('.card', { hasText: 'Total spend' }).locator('.card-value');
    near(Number(await card.getAttribute('data-value')), engine.tree.spend, 'card vs engine');
    near(engine.tree.spend, sql.spend, 'engine vs SQL');
    assert.equal(await card.textContent(), formatUsd(sql.spend));
    assert.equal(
      await view.page.locator('.card', { hasText: 'Requests' }).locator('.card-value').textContent(),
      Number(sql.requests).toLocaleString('en-US'),
    );
    const root = view.page.locator('table.tree tr[data-level="total"]');
    near(await exact(view, 'table.tree tr[data-level="total"] td.num'), sql.spend, 'tree root vs SQL');
    assert.equal(await root.locator('td.num').first().textContent(), formatUsd(sql.spend));
    assert.equal(state.chartDays, 30);
    assert.equal((await view.page.locator('svg.trend rect.bar').count()) > 30, true, 'stacked daily bars drawn');
    await view.page.screenshot({ path: screenshotPath('spend-attribution-total-light.png') });
    await assertInert(view);
  });

  test("paints the summary first (total, organisations, teams, trend; the engine's figures), then fills users, keys, models and the tables", async () => {
    let release!: () => void;
    holdFull = new Promise((r) => (release = r));
    try {
      const view = await open();
      const { page } = view;
      const { state } = await view.waitFor(isSummary);
      const filters = await spend.filters();
      const full = await spend.attribution(filters);
      near(state.total, full.tree.spend, 'summary total vs the full result');
      assert.deepEqual(state.tables, [], 'no table yet');
      assert.equal(state.chartDays, 30);
      assert.ok((await page.locator('svg.trend rect.bar').count()) > 30, 'the trend is drawn');
      assert.equal(await page.locator('section[data-table="budgets"], section[data-table="reconciliation"]').count(), 0);
      assert.match(
        (await page.locator('.tables').textContent()) ?? '',
        /Loading users, keys, models, top lists, budgets and reconciliation/,
      );
      assert.match((await page.locator('.status').textContent()) ?? '', /First figures shown/);
      // Organisations open by default, teams shown with the full result's figures, nothing below them yet.
      const teams = page.locator('table.tree tr[data-level="team"]');
      const shown = await teams.evaluateAll((rows) =>
        rows.map(
          (r) =>
            [
              (r as unknown as { dataset: { path: string } }).dataset.path,
              Number((r.querySelector('td.num') as unknown as { dataset: { value: string } }).dataset.value),
            ] as [string, number],
        ),
      );
      const expected = full.tree.children.flatMap((o) => o.children.map((t) => [t.path, t.spend] as [string, number]));
      assert.deepEqual(shown, expected, 'every team, in order, with its exact spend');
      assert.equal(await page.locator('table.tree tr[data-level="user"]').count(), 0);
      const team = teams.first();
      assert.equal(await team.getAttribute('aria-expanded'), 'false', 'a team is expandable before its members arrive');
      await team.locator('.toggle').click();
      assert.equal(await team.getAttribute('aria-busy'), 'true', 'expanded, its members on the way');
      const path = (await team.getAttribute('data-path'))!;
      const mark = view.posted.length;
      release();
      const filled = await view.waitFor(isRendered, mark);
      near(filled.state.total, state.total, 'the same total');
      assert.deepEqual(filled.state.tables, ['top-users', 'top-keys', 'top-models', 'budgets', 'sources', 'reconciliation', 'tags']);
      const members = page.locator(`table.tree tr[data-path^="${path}/"][aria-level="4"]`);
      assert.equal(
        await members.count(),
        full.tree.children.flatMap((o) => o.children).find((t) => t.path === path)!.children.length,
        'the expanded team shows its users',
      );
      assert.equal(await page.locator(`table.tree tr[data-path="${path}"]`).getAttribute('aria-busy'), null);
      assert.equal(await page.locator('.status').textContent(), '');
      await assertInert(view);
    } finally {
      holdFull = undefined;
      release?.();
    }
  });

  test('a chosen team (with a hostile alias) shows exactly its brute-force SQL figures, as text', async () => {
    const view = await open();
    await view.waitFor(isRendered);
    const filters = await spend.filters();
    const {
      rows: [team],
    } = await database.admin.query<{ team_id: string }>('SELECT team_id FROM "LiteLLM_TeamTable" WHERE team_alias = $1', [HOSTILE_TEAM]);
    const {
      rows: [sql],
    } = await database.admin.query<{ spend: number; requests: string; tokens: string }>(
      `SELECT sum(spend) AS spend, sum(api_requests) AS requests, sum(prompt_tokens + completion_tokens) AS tokens
       FROM "LiteLLM_DailyTeamSpend" WHERE team_id = $1 AND "date" BETWEEN $2 AND $3`,
      [team.team_id, filters.from, filters.to],
    );
    assert.ok(sql.spend > 0);
    const rows = view.page.locator('table.tree tr[data-level="team"]', { has: view.page.locator('.label', { hasText: HOSTILE_TEAM }) });
    assert.equal(await rows.count(), 1, 'one team row, its alias as literal text');
    assert.equal(await rows.locator('.label').textContent(), HOSTILE_TEAM);
    assert.match((await rows.getAttribute('data-path'))!, new RegExp(`/t:${encodeURIComponent(team.team_id)}$`));
    const cells = rows.locator('td.num');
    near(Number(await cells.nth(0).getAttribute('data-value')), sql.spend, 'team spend');
    assert.equal(await cells.nth(0).textContent(), formatUsd(sql.spend));
    assert.equal(Number(await cells.nth(2).getAttribute('data-value')), Number(sql.requests), 'team requests');
    assert.equal(Number(await cells.nth(3).getAttribute('data-value')), Number(sql.tokens), 'team tokens');
    assert.equal(await cells.nth(2).textContent(), Number(sql.requests).toLocaleString('en-US'));
    // Expand the team: its members add up to it, and the hostile user and key names are text too.
    await rows.locator('.toggle').click();
    const children = view.page.locator(`table.tree tr[data-path^="${await rows.getAttribute('data-path')}/"][aria-level="4"]`);
    assert.ok((await children.count()) >= 2);
    let sum = 0;
    for (const v of await children
      .locator('td.num:nth-child(2)')
      .evaluateAll((tds) => tds.map((td) => Number((td as unknown as { dataset: { value: string } }).dataset.value)))) {
      sum += v;
    }
    near(sum, sql.spend, 'members add up to the team');
    assert.equal(await view.page.locator('img, script:not([src]), iframe').count(), 0, 'no markup from the data');
    await assertInert(view);
  });

  test('basis switch: requests basis totals the brute-force sum of LiteLLM_SpendLogs', async () => {
    const view = await open();
    await view.waitFor(isRendered);
    const mark = view.posted.length;
    await view.page.getByLabel('Basis', { exact: true }).selectOption('requests');
    const { state } = await view.waitFor(isRendered, mark);
    const f = lastView!.filters;
    assert.equal(f.basis, 'requests');
    const {
      rows: [sql],
    } = await database.admin.query<{ spend: number }>(
      `SELECT sum(spend) AS spend FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1`,
      [f.from, f.to],
    );
    near(state.total, sql.spend, 'request-basis total vs SQL');
    assert.match((await view.page.locator('.notes').textContent()) ?? '', /Request basis/);
    assert.equal(await view.page.locator('.card-value').first().textContent(), formatUsd(sql.spend));
    const persisted = await view.state<{ filters: SpendFilters }>();
    assert.equal(persisted?.filters.basis, 'requests', 'the webview keeps its filters for a restore');
    await assertInert(view);
  });

  test('top lists, budgets with over/near flags, reconciliation with causes; every table exports what it shows', async () => {
    const view = await open('dark');
    const { state } = await view.waitFor(isRendered);
    const { page } = view;
    assert.deepEqual(state.tables, ['top-users', 'top-keys', 'top-models', 'budgets', 'sources', 'reconciliation', 'tags']);
    for (const id of state.tables) assert.ok((await page.locator(`section[data-table="${id}"]`).count()) === 1, id);
    const budgets = page.locator('section[data-table="budgets"]');
    assert.ok((await budgets.locator('.badge.over').count()) > 0, 'an over-budget flag');
    assert.ok((await budgets.locator('.badge.near').count()) > 0, 'a near-budget flag');
    const budgetHeads = await budgets.locator('thead th').allTextContents();
    for (const h of ['In days', '$/day 7 d', '$/day window', 'At reset', 'Hits 80 %', 'Hits 100 %']) {
      assert.ok(budgetHeads.includes(h), `forecast column ${h}`);
    }
    const recon = page.locator('section[data-table="reconciliation"]');
    const lines = lastView!.tables.find((t) => t.id === 'reconciliation')!.rows;
    const matches = lines.filter((r) => r[0] === 'match').length;
    assert.ok(
      lines.some((r) => r[0] === 'explained'),
      'some deltas are explained',
    );
    assert.ok(matches > 0 && matches < lines.length);
    const statuses = lines.map((r) => r[0] as string);
    assert.deepEqual(
      statuses,
      [...statuses].sort((a, b) => ['unexplained', 'explained', 'match'].indexOf(a) - ['unexplained', 'explained', 'match'].indexOf(b)),
      'problems first',
    );
    const shown = recon.locator('tbody tr:not(.detail)');
    assert.equal(await shown.count(), lines.length - matches, 'matches folded away');
    assert.ok(!(await recon.locator('tbody tr:not(.detail) .badge.match').count()));
    const heads = await recon.locator('thead th').allTextContents();
    assert.deepEqual(
      heads.slice(0, 6),
      ['Status', 'Check', 'Scope', 'Name', 'Delta', 'Unexplained'],
      'Delta and Unexplained next to the name',
    );
    assert.ok(!heads.includes('Explained by'), 'the explanation is not a column');
    const width = (await page.evaluate(
      `(() => { const s = document.querySelector('section[data-table="reconciliation"]'); const w = s.querySelector('table').getBoundingClientRect(); const d = [...s.querySelectorAll('thead th')].find((t) => t.textContent === 'Unexplained').getBoundingClientRect(); return { right: d.right, page: document.documentElement.clientWidth }; })()`,
    )) as { right: number; page: number };
    assert.ok(width.right <= width.page, `Unexplained visible without scrolling sideways: ${JSON.stringify(width)}`);
    const detail = await recon.locator('tr.detail .causes').first().textContent();
    assert.ok(detail && detail.includes('$'), `causes with money: ${detail}`);
    assert.doesNotMatch(
      (await recon.locator('tbody').textContent()) ?? '',
      /\d\.\d{5,} USD|USD \d\.\d{5,}/,
      'no raw floats in the explanations',
    );
    await recon.getByRole('button', { name: `Show matches (${matches})` }).click();
    assert.equal(await shown.count(), lines.length);
    const checks = new Set(await recon.locator('tbody tr:not(.detail) td:nth-child(2)').allTextContents());
    assert.ok(
      checks.has('Users vs teams (daily)') && ![...checks].some((c) => /^[a-z]+(-[a-z]+)+$/.test(c)),
      `checks named in words: ${[...checks].join(', ')}`,
    );
    assert.equal(await recon.getByRole('button', { name: `Hide matches (${matches})` }).getAttribute('aria-pressed'), 'true');
    const topUsers = page.locator('section[data-table="top-users"] tbody tr');
    assert.equal(await topUsers.count(), lastView!.tables[0].rows.length);
    // Sorting is local: the first click on a money column sorts descending, the third restores the host's order.
    const spendHead = page.locator('section[data-table="reconciliation"] th', { hasText: 'Delta' });
    await spendHead.click();
    assert.equal(await spendHead.getAttribute('aria-sort'), 'descending');
    await page.screenshot({ path: screenshotPath('spend-attribution-tables-dark-top.png') });
    await page.screenshot({ path: screenshotPath('spend-attribution-dark-full.png'), fullPage: true });
    await page.locator('section[data-table="top-users"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('spend-attribution-tables-dark.png') });

    const mark = view.posted.length;
    await page.locator('section[data-table="budgets"]').getByRole('button', { name: 'Export CSV…' }).click();
    await page.locator('section[data-table="tree"]').getByRole('button', { name: 'Export JSON…' }).click();
    await view.waitFor((m): m is Extract<SpendToHost, { type: 'export' }> => m.type === 'export' && m.table === 'tree', mark);
    assert.deepEqual(
      view.posted.slice(mark).filter((m) => m.type === 'export'),
      [
        { type: 'export', table: 'budgets', format: 'csv' },
        { type: 'export', table: 'tree', format: 'json' },
      ],
    );
    // What the host writes for those requests (SpendPanel.export → exportGrid): the same rows and figures.
    const out = mkdtempSync(join(tmpdir(), 'lens-spend-export-'));
    const csvFile = join(out, 'spend-budgets.csv');
    await exportGrid(spendGrid(spendTable(lastView!, 'budgets')!), { format: 'csv', out: csvFile });
    const csv = parse(readFileSync(csvFile, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(csv.length, await budgets.locator('tbody tr').count());
    assert.ok(csv.some((r) => r.flags.includes('over budget')));
    assert.ok(
      ['resetsInDays', 'trailing7dPerDay', 'windowPerDay', 'projectedAtReset', 'crosses80At', 'crosses100At'].every((c) => c in csv[0]),
      'the forecast is exported',
    );
    const jsonFile = join(out, 'spend-tree.json');
    await exportGrid(spendGrid(spendTable(lastView!, 'tree')!), { format: 'json', out: jsonFile });
    const tree = JSON.parse(readFileSync(jsonFile, 'utf8')) as { path: string; spend: number; name: string }[];
    near(tree[0].spend, state.total, 'exported root = total');
    assert.ok(
      tree.some((r) => r.name === HOSTILE_TEAM),
      'names exported verbatim',
    );
    await assertInert(view);
  });

  test('reveal from the entity graph opens the tree down to a key; keyboard expands and collapses', async () => {
    const view = await open();
    await view.waitFor(isRendered);
    const { page } = view;
    const key = findLevel(lastView!.tree, 'key');
    await view.send({ type: 'reveal', path: key.path });
    const row = page.locator(`table.tree tr.revealed[data-path="${key.path}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.label').textContent(), key.name);
    assert.equal(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { dataset?: { path?: string } } } }).document.activeElement.dataset?.path,
      ),
      key.path,
    );
    const org = page.locator('table.tree tr[data-level="organization"]').first();
    await org.focus();
    const before = await page.locator('table.tree tbody tr').count();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await org.getAttribute('aria-expanded'), 'false');
    assert.ok((await page.locator('table.tree tbody tr').count()) < before);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('table.tree tr[data-level="organization"]').first().getAttribute('aria-expanded'), 'true');
    await page.getByRole('button', { name: 'Expand All' }).click();
    assert.ok((await page.locator('table.tree tr[data-level="key"]').count()) > 10);
    await page.screenshot({ path: screenshotPath('spend-attribution-expanded.png'), fullPage: true });
    await assertInert(view);
  });

  test('Refresh reads the database again (the shared results are cached otherwise)', async () => {
    const view = await open();
    const first = await view.waitFor(isRendered);
    const { to } = lastView!.filters;
    const bump = `UPDATE "LiteLLM_DailyUserSpend" SET spend = spend + $1 WHERE id = (SELECT id FROM "LiteLLM_DailyUserSpend" WHERE "date" = $2 ORDER BY id LIMIT 1)`;
    await database.admin.query(bump, [1000, to]);
    try {
      let mark = view.posted.length;
      await view.page.getByLabel('Top', { exact: true }).selectOption('5');
      await view.page.getByLabel('Top', { exact: true }).selectOption('10');
      const cached = await view.waitFor((m): m is Rendered => isRendered(m) && lastView!.filters.topN === 10, mark + 1);
      near(cached.state.total, first.state.total, 'same filters again: the cached result');
      mark = view.posted.length;
      await view.page.getByRole('button', { name: 'Refresh' }).click();
      const fresh = await view.waitFor(isRendered, mark);
      near(fresh.state.total, first.state.total + 1000, 'after Refresh: the database as it is now');
    } finally {
      await database.admin.query(bump, [-1000, to]);
      spend.forget(lastView!.filters);
    }
    await assertInert(view);
  });

  test('a period with no data and an invalid range are handled in the page', async () => {
    const view = await open();
    await view.waitFor(isRendered);
    const { page } = view;
    let mark = view.posted.length;
    await page.getByLabel('From (UTC, inclusive)').fill('2020-01-01');
    await page.getByLabel('To (UTC, inclusive)').fill('2020-01-07');
    const { state } = await view.waitFor(isRendered, mark);
    assert.equal(state.total, 0);
    assert.equal(await page.locator('.card-value').first().textContent(), '$0.00');
    mark = view.posted.length;
    await page.getByLabel('From (UTC, inclusive)').fill('2020-02-01');
    assert.equal(await page.locator('.problem').textContent(), '"From" is after "To".');
    assert.equal(view.posted.slice(mark).filter((m) => m.type === 'compute').length, 0, 'nothing computed for an invalid range');
    await assertInert(view);
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as TestTheme[]) {
    test(`axe-core in ${theme}: no serious or critical violation; every chart series and legend key ≥ 3:1 on the background`, async () => {
      const view = await open(theme);
      const { page } = view;
      await view.waitFor(isRendered);
      await page.locator('svg.trend rect.bar').first().waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      const colours = (await page.evaluate(`(() => {
        const bg = getComputedStyle(document.body).backgroundColor;
        const bars = [...document.querySelectorAll('svg.trend rect.bar')].map((r) => [r.getAttribute('class'), getComputedStyle(r).fill]);
        const keys = [...document.querySelectorAll('.chart-legend .key')].map((k) => [k.className, getComputedStyle(k, '::before').backgroundColor]);
        const line = getComputedStyle(document.querySelector('svg.trend .total')).stroke;
        return { bg, marks: [...new Map([...bars, ...keys, ['total line', line]]).entries()] };
      })()`)) as { bg: string; marks: [string, string][] };
      assert.ok(colours.marks.length >= 5, JSON.stringify(colours.marks));
      for (const [what, colour] of colours.marks) {
        assert.ok(
          contrast(colour, colours.bg) >= 3,
          `${theme}: ${what} ${colour} on ${colours.bg}: ${contrast(colour, colours.bg).toFixed(2)}:1`,
        );
      }
      await page.screenshot({ path: screenshotPath(`spend-attribution-${theme}.png`) });
      await assertInert(view);
    });
  }
});

function findLevel(node: SpendView['tree'], level: string): SpendView['tree'] {
  if (node.level === level) return node;
  for (const c of node.children) {
    const found = findLevel(c, level);
    if (found.level === level) return found;
  }
  return node;
}
