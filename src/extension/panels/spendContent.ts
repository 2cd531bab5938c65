import { formatUsd } from '../../shared/format';
import type { AttributionSummary } from '../../core/attribution/summary';
import type { AttributionNode, AttributionResult, BudgetLine, CauseAmount, TopItem } from '../../core/attribution/types';
import type {
  SpendColumn,
  SpendColumnKind,
  SpendFilters,
  SpendTable,
  SpendTableId,
  SpendTreeNode,
  SpendView,
} from '../../shared/spendProtocol';
import type { ResultColumn } from '../../shared/resultsProtocol';
import type { GridResult } from '../logic/gridQuery';

const col = (key: string, label: string, kind: SpendColumnKind = 'text'): SpendColumn => ({ key, label, kind });

/** Levels of the tree a summary sends below the root: organisations and teams. */
const SUMMARY_LEVELS = 2;

/** The attribution view's first paint: totals, notes, the tree down to the teams and the trend. */
export function spendSummaryView(summary: AttributionSummary, filters: SpendFilters): SpendView {
  const { tree, trend } = summary;
  return {
    stage: 'summary',
    filters,
    days: summary.period.days,
    totals: { spend: tree.spend, apiRequests: tree.apiRequests, promptTokens: tree.promptTokens, completionTokens: tree.completionTokens },
    notes: spendNotes(summary),
    tree: spendTree(tree, SUMMARY_LEVELS),
    trend: {
      days: trend.days,
      total: trend.total,
      byTeam: trend.byTeam.map(({ name, status, spend }) => ({ name, status, spend })),
      byModel: trend.byModel.map(({ name, status, spend }) => ({ name, status, spend })),
    },
    tables: [],
  };
}

/** The attribution view's content for one result: the summary's figures, the whole tree and every flat table, shaped once here. */
export function spendView(result: AttributionResult, filters: SpendFilters): SpendView {
  return {
    ...spendSummaryView(result, filters),
    stage: 'full',
    tree: spendTree(result.tree),
    tables: [
      topTable('top-users', 'Top users', 'User ID', result.trend.top.users),
      topTable('top-keys', 'Top keys', 'Key (token hash)', result.trend.top.keys),
      topTable('top-models', 'Top models', null, result.trend.top.models),
      budgetTable(result.budgets),
      sourcesTable(result),
      reconciliationTable(result),
      tagTable(result),
    ],
  };
}

/** A table of the view by id; `tree` is the attribution tree flattened, one row per node, for export. */
export function spendTable(view: SpendView, id: SpendTableId): SpendTable | undefined {
  return id === 'tree' ? treeTable(view.tree) : view.tables.find((t) => t.id === id);
}

/** A table as the results exporter writes it: machine-readable keys as headers, numbers unformatted. */
export function spendGrid(table: SpendTable): GridResult {
  const numeric = (kind: SpendColumnKind) => kind === 'money' || kind === 'percent' || kind === 'count';
  const columns: ResultColumn[] = table.columns.map((c) => ({
    name: c.key,
    type: numeric(c.kind) ? 'double precision' : 'text',
    kind: numeric(c.kind) ? 'number' : 'text',
  }));
  return { columns, rows: table.rows, rowCount: table.rows.length, truncated: false, elapsedMs: 0 };
}

/** The attribution tree as the webviews receive it, `levels` deep below `n`. */
export function spendTree(n: AttributionNode, levels = Infinity): SpendTreeNode {
  return {
    path: n.path,
    level: n.level,
    id: n.id,
    name: n.name,
    status: n.status,
    share: n.share,
    spend: n.spend,
    apiRequests: n.apiRequests,
    promptTokens: n.promptTokens,
    completionTokens: n.completionTokens,
    apportioned: n.apportioned === true,
    children: levels > 0 ? n.children.map((c) => spendTree(c, levels - 1)) : [],
    ...(levels <= 0 && n.children.length > 0 ? { more: true as const } : {}),
  };
}

function spendNotes(r: AttributionSummary): string[] {
  const notes: string[] = [];
  const logs = r.spendLogs;
  if (r.basis === 'requests') {
    notes.push('Request basis: LiteLLM_SpendLogs, with team, user and organisation as recorded at request time.');
  } else {
    notes.push(
      "Daily basis: LiteLLM_DailyUserSpend split by team with LiteLLM_DailyTeamSpend (team at request time); the organisation is the one at request time from LiteLLM_DailyOrganizationSpend where it has rows, else the key's current one (its team's when it has none).",
    );
  }
  // A daily table starts empty when LiteLLM adds it: before its first row it says nothing about the period.
  for (const c of r.coverage) {
    if (c.firstDate === null) notes.push(`${c.table} has no rows: not recorded by this LiteLLM yet.`);
    else if (c.firstDate > r.period.from) {
      notes.push(`${c.table} starts on ${c.firstDate}: before that day its figures are not recorded by this LiteLLM yet.`);
    }
  }
  if (!logs.available) notes.push('No LiteLLM_SpendLogs rows: the request basis and member contributions are not available.');
  else if (!logs.complete) {
    notes.push(
      logs.coveredFrom
        ? `LiteLLM_SpendLogs cover this period only from ${logs.coveredFrom} (older rows were deleted by retention); request-based figures start there.`
        : 'LiteLLM_SpendLogs hold none of this period (retention); request-based figures are empty.',
    );
  }
  if (hasApportioned(r.tree)) {
    notes.push('Rows marked ≈ were apportioned between users who shared one key, model and day (their own shares of it).');
  }
  return [...notes, ...(r.timezone?.notes ?? []), ...r.schema.notes];
}

function hasApportioned(n: AttributionNode): boolean {
  return n.apportioned === true || n.children.some(hasApportioned);
}

/** `idLabel` null: the name is the id (models). */
function topTable(id: SpendTableId, title: string, idLabel: string | null, items: readonly TopItem[]): SpendTable {
  return {
    id,
    title,
    caption: 'Highest spend in the period; share is of the total.',
    columns: [
      col('name', 'Name'),
      ...(idLabel ? [col('id', idLabel, 'id')] : []),
      col('status', 'Status'),
      col('spend', 'Spend', 'money'),
      col('share', 'Share', 'percent'),
      col('apiRequests', 'Requests', 'count'),
    ],
    rows: items.map((t) => [t.name, ...(idLabel ? [t.id] : []), t.status, t.spend, t.share, t.apiRequests]),
  };
}

function budgetFlags(b: BudgetLine): string {
  return [
    b.overBudget && 'over budget',
    b.nearBudget && 'near budget',
    b.overSoftBudget && 'over soft budget',
    !b.overBudget && b.forecast?.exceedsBeforeReset && 'exceeds before reset',
    b.forecast?.resetOverdue && 'reset overdue',
  ]
    .filter(Boolean)
    .join('\n');
}

const LIMIT_SOURCE: Record<BudgetLine['limitSource'], string> = {
  own: 'own columns',
  'budget-table': 'LiteLLM_BudgetTable',
  mixed: 'own columns, rest from LiteLLM_BudgetTable',
};

function budgetTable(budgets: readonly BudgetLine[]): SpendTable {
  return {
    id: 'budgets',
    title: 'Budgets',
    caption:
      "Spend is LiteLLM's running counter: for keys, users, teams, members and end users since the window began (1d at midnight, 7d on Monday, 30d on the 1st, in the budget timezone); organisations and tags are never reset. Over: LiteLLM rejects further requests (at max budget for keys, organisations and members; above it for the rest); near: 80 % or more used. A user's budget binds only keys without a team. Forecast: \"In days\" to the reset; the counter burns on at the last 7 finished UTC days' $/day (else the window's) until then; Hits 80 % / 100 % only when before it.",
    columns: [
      col('entity', 'Entity'),
      col('name', 'Name'),
      col('id', 'ID', 'id'),
      col('spend', 'Spend (counter)', 'money'),
      col('maxBudget', 'Max budget', 'money'),
      col('softBudget', 'Soft budget', 'money'),
      col('utilisation', 'Used', 'percent'),
      col('budgetDuration', 'Window'),
      col('windowStart', 'Since', 'date'),
      col('budgetResetAt', 'Resets', 'date'),
      col('resetsInDays', 'In days', 'count'),
      col('trailing7dPerDay', '$/day 7 d', 'money'),
      col('windowPerDay', '$/day window', 'money'),
      col('projectedAtReset', 'At reset', 'money'),
      col('crosses80At', 'Hits 80 %', 'date'),
      col('crosses100At', 'Hits 100 %', 'date'),
      col('flags', 'Flags', 'flags'),
      col('limitSource', 'Limits from'),
    ],
    rows: [...budgets]
      .sort((a, b) => (b.utilisation ?? -1) - (a.utilisation ?? -1) || b.spend - a.spend)
      .map(({ forecast: f, ...b }) => [
        b.entity,
        b.name,
        b.id,
        b.spend,
        b.maxBudget,
        b.softBudget,
        b.utilisation === null ? null : b.utilisation / 100,
        b.lifetime ? 'lifetime (never reset)' : b.budgetDuration,
        b.windowStart,
        b.lifetime ? null : b.budgetResetAt,
        f?.resetsInDays ?? null,
        f?.trailing7dPerDay ?? null,
        f?.windowPerDay ?? null,
        f?.projectedAtReset ?? null,
        f?.crosses80At ?? null,
        f?.crosses100At ?? null,
        budgetFlags({ ...b, forecast: f }),
        LIMIT_SOURCE[b.limitSource],
      ]),
  };
}

function sourcesTable(r: AttributionResult): SpendTable {
  const t = r.reconciliation.totals;
  const row = (source: string, spend: number | null, meaning: string) => [
    source,
    spend,
    spend === null ? 'table not in this database' : meaning,
  ];
  return {
    id: 'sources',
    title: 'Spend by source',
    caption: 'The same money as each source records it over the period.',
    columns: [col('source', 'Source'), col('spend', 'Spend', 'money'), col('meaning', 'Meaning')],
    rows: [
      row('LiteLLM_DailyUserSpend', t.dailyUserSpend, 'every request once: the total'),
      row('LiteLLM_DailyTeamSpend', t.dailyTeamSpend, 'requests of keys with a team (a slice of the total)'),
      row('LiteLLM_DailyOrganizationSpend', t.dailyOrganizationSpend, 'requests of keys with an organisation'),
      row('LiteLLM_SpendLogs', t.spendLogs, r.spendLogs.complete ? 'per request' : 'per request, only the days retention kept'),
      row('LiteLLM_DailyTagSpend', t.dailyTagSpend, 'overlapping: a request with N tags counts N times; never add it'),
    ],
  };
}

/** One cause per line; amounts inside the engine's explanations ("8.718332539999938 USD") as money. */
function causes(list: readonly CauseAmount[]): string {
  const money = (text: string) =>
    text.replace(/(−|-)?\b(\d+(?:\.\d+)?(?:e-?\d+)?) USD\b/g, (_, sign: string | undefined, n: string) =>
      formatUsd((sign ? -1 : 1) * Number(n)),
    );
  return list.map((c) => `${c.cause}: ${formatUsd(c.spend)} — ${money(c.detail)}`).join('\n');
}

/** What each reconciliation check compares, in words (the id stays in exports as `checkId`). */
const CHECK_NAMES: Record<string, string> = {
  'counter-vs-daily': 'Budget counter vs daily history',
  'daily-tag-vs-daily-user': 'Tags vs users (daily)',
  'daily-team-vs-current-key-team': "Team (daily) vs keys' current team",
  'daily-user-vs-daily-organization': 'Users vs organisations (daily)',
  'daily-user-vs-daily-team': 'Users vs teams (daily)',
  'daily-user-vs-spend-logs': 'Users (daily) vs request log',
  'daily-vs-spend-logs': 'Daily tables vs request log',
  'tree-organisation-vs-request-organisation': "Key's organisation now vs at request",
};

const STATUS_ORDER = { unexplained: 0, explained: 1, match: 2 } as const;

/**
 * Problems first: unexplained deltas, then explained ones (largest first), then matches, which the view folds
 * behind "Show matches (N)". Delta and Unexplained come right after the name; the explanation sits under the row.
 */
function reconciliationTable(r: AttributionResult): SpendTable {
  const lines = [...r.reconciliation.lines].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || Math.abs(b.delta) - Math.abs(a.delta),
  );
  return {
    id: 'reconciliation',
    title: 'Reconciliation',
    caption: `Each pair of sources that should agree, the difference (left − right) and the causes that explain it; equal within a relative ${r.reconciliation.tolerance}.`,
    columns: [
      col('status', 'Status'),
      col('check', 'Check'),
      col('scope', 'Scope'),
      col('name', 'Name'),
      col('delta', 'Delta', 'money'),
      col('unexplained', 'Unexplained', 'money'),
      col('leftSource', 'Left'),
      col('left', 'Left spend', 'money'),
      col('rightSource', 'Right'),
      col('right', 'Right spend', 'money'),
      { ...col('explained', 'Explained by', 'causes'), placement: 'below' },
      col('checkId', 'Check id', 'id'),
    ],
    rows: lines.map((l) => [
      l.status,
      CHECK_NAMES[l.check] ?? l.check,
      l.scope,
      l.name,
      l.delta,
      l.unexplained,
      l.left.source,
      l.left.spend,
      l.right.source,
      l.right.spend,
      causes(l.explained),
      l.check,
    ]),
    fold: { column: 'status', value: 'match', label: 'matches' },
  };
}

function tagTable(r: AttributionResult): SpendTable {
  return {
    id: 'tags',
    title: 'Tags',
    caption: 'Tag spend overlaps: a request with several tags counts in each. Compare tags with each other, never add them up.',
    columns: [
      col('tag', 'Tag'),
      col('spend', 'Spend', 'money'),
      col('apiRequests', 'Requests', 'count'),
      col('promptTokens', 'Prompt tokens', 'count'),
      col('completionTokens', 'Completion tokens', 'count'),
    ],
    rows: r.tags.map((t) => [t.tag, t.spend, t.apiRequests, t.promptTokens, t.completionTokens]),
  };
}

function treeTable(root: SpendTreeNode): SpendTable {
  const rows: SpendTable['rows'] = [];
  const walk = (n: SpendTreeNode) => {
    rows.push([
      n.path,
      n.level,
      n.name,
      n.id,
      n.status,
      n.spend,
      n.share,
      n.apiRequests,
      n.promptTokens,
      n.completionTokens,
      n.apportioned ? 'yes' : '',
    ]);
    n.children.forEach(walk);
  };
  walk(root);
  return {
    id: 'tree',
    title: 'Attribution tree',
    caption: 'Organisation → team → user → key → model; every parent is the sum of its children.',
    columns: [
      col('path', 'Path', 'id'),
      col('level', 'Level'),
      col('name', 'Name'),
      col('id', 'ID', 'id'),
      col('status', 'Status'),
      col('spend', 'Spend', 'money'),
      col('share', 'Share of parent', 'percent'),
      col('apiRequests', 'Requests', 'count'),
      col('promptTokens', 'Prompt tokens', 'count'),
      col('completionTokens', 'Completion tokens', 'count'),
      col('apportioned', 'Apportioned'),
    ],
    rows,
  };
}
