/**
 * Checks of messages from webviews against their protocol types (src/shared/*Protocol.ts). A webview renders
 * strings from the database; if one ever ran script, its messages must still not steer the host beyond what the
 * protocol allows, so each message is checked field by field before the panel sees it; anything else is dropped.
 */
import type { ErRequest, EntityRequest, GraphRendered, GraphToHost } from '../../shared/graphProtocol';
import type { ResultsToHost } from '../../shared/resultsProtocol';
import type { SpendFilters, SpendRendered, SpendToHost } from '../../shared/spendProtocol';

type Check = (v: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const list =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);

/** An object whose listed fields pass their checks (extra fields are not looked at and not passed on by type). */
function shape(fields: Record<string, Check>): Check {
  return (v) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.entries(fields).every(([k, check]) => check((v as Record<string, unknown>)[k]));
}

/** A union member per `type`. */
function tagged(members: Record<string, Record<string, Check>>): Check {
  return (v) => {
    if (typeof v !== 'object' || v === null) return false;
    const fields = members[(v as { type?: unknown }).type as string];
    return fields !== undefined && Object.hasOwn(members, (v as { type: string }).type) && shape(fields)(v);
  };
}

const EXPORT_FORMAT = oneOf('csv', 'json');
const filters: Check = shape({ from: str, to: str, basis: oneOf('daily', 'requests'), topN: num } satisfies Record<
  keyof SpendFilters,
  Check
>);
const spendRendered: Check = shape({
  stage: oneOf('summary', 'full'),
  total: num,
  treeRows: num,
  tables: list(str),
  chartDays: num,
  renderMs: num,
  errors: list(str),
} satisfies Record<keyof SpendRendered, Check>);
const erRequest: Check = shape({
  groups: optional(list(str)),
  focus: optional(str),
  columns: oneOf('none', 'keys', 'all'),
} satisfies Record<keyof ErRequest, Check>);
const entityRequest: Check = shape({ filters, focus: str, keys: bool, topN: num } satisfies Record<keyof EntityRequest, Check>);
const graphRendered: Check = shape({
  tab: oneOf('schema', 'entities'),
  nodes: num,
  tables: list(str),
  relations: num,
  solid: num,
  dashed: num,
  renderMs: num,
  errors: list(str),
  isolated: list(str),
  focused: optional(str),
} satisfies Record<keyof GraphRendered, Check>);

const resultsMessage = tagged({
  ready: {},
  copy: { text: str, what: oneOf('cell', 'rows') },
  export: { format: EXPORT_FORMAT },
  rerun: {},
  cancel: {},
} satisfies Record<ResultsToHost['type'], Record<string, Check>>);

const spendMessage = tagged({
  ready: {},
  compute: { filters, refresh: optional(bool) },
  export: {
    table: oneOf('tree', 'top-users', 'top-keys', 'top-models', 'budgets', 'reconciliation', 'sources', 'tags'),
    format: EXPORT_FORMAT,
  },
  rendered: { state: spendRendered },
} satisfies Record<SpendToHost['type'], Record<string, Check>>);

const graphMessage = tagged({
  ready: {},
  er: { requestId: num, request: erRequest },
  table: { name: str },
  entities: { requestId: num, request: entityRequest },
  copy: { text: str, what: str },
  openSql: { sql: str },
  exportSvg: { svg: str, name: str },
  showInSpend: { path: str },
  rendered: { state: graphRendered },
} satisfies Record<GraphToHost['type'], Record<string, Check>>);

export const isResultsToHost = (v: unknown): v is ResultsToHost => resultsMessage(v);
export const isSpendToHost = (v: unknown): v is SpendToHost => spendMessage(v);
export const isGraphToHost = (v: unknown): v is GraphToHost => graphMessage(v);
