// @ts-check
// Regenerates src/core/demo/schema/litellm-029f645f.json from the reference catalog (docs/reference/litellm-schema.md §6).
// Usage: node scripts/extract-schema.mjs ../shared/reference/litellm-schema.md
import { readFileSync, writeFileSync } from 'node:fs';

const md = readFileSync(process.argv[2] ?? '../shared/reference/litellm-schema.md', 'utf8');
const section = md.slice(md.indexOf('## 6. Column reference'), md.indexOf('## 7. Views'));

// Tables and columns that arrived after the 1.83.2 migrations (docs/reference/litellm-schema.md §3.2).
const LATE_TABLES = new Set([
  'LiteLLM_MCPToolsetTable',
  'LiteLLM_MemoryTable',
  'LiteLLM_AdaptiveRouterState',
  'LiteLLM_AdaptiveRouterSession',
  'LiteLLM_WorkflowRun',
  'LiteLLM_WorkflowEvent',
  'LiteLLM_WorkflowMessage',
]);
const LATE_COLUMNS = new Set([
  'LiteLLM_BudgetTable.allowed_models',
  'LiteLLM_ProxyModelTable.blocked',
  'LiteLLM_TeamTable.budget_limits',
  'LiteLLM_TeamTable.default_team_member_models',
  'LiteLLM_ObjectPermissionTable.mcp_toolsets',
  'LiteLLM_ObjectPermissionTable.search_tools',
  'LiteLLM_MCPServerTable.delegate_auth_to_upstream',
  'LiteLLM_MCPServerTable.instructions',
  'LiteLLM_VerificationToken.budget_limits',
  'LiteLLM_TeamMembership.total_spend',
  'LiteLLM_ManagedFileTable.team_id',
  'LiteLLM_ManagedObjectTable.team_id',
  'LiteLLM_ManagedVectorStoreTable.team_id',
]);
const LATE_INDEXES = new Set([
  'LiteLLM_ManagedFileTable_team_id_created_at_idx',
  'LiteLLM_ManagedObjectTable_team_id_created_at_idx',
  'LiteLLM_ManagedVectorStoreTable_team_id_created_at_idx',
  'LiteLLM_HealthCheckTable_model_id_model_name_checked_at_idx',
]);

const tables = [];
for (const block of section.split(/\n#### /).slice(1)) {
  const name = /** @type {RegExpMatchArray} */ (block.match(/^`([^`]+)`/))[1];
  const columns = [];
  for (const line of block.split('\n')) {
    const m = line.match(/^\| `([^`]+)`[^|]*\|[^|]*\|[^|]*\| ([^|]+?) \| (NOT NULL|null) \| ?([^|]*?) ?\|$/);
    if (!m) continue;
    /** @type {{ name: string, type: string, notNull: boolean, default?: string, since?: string }} */
    const column = { name: m[1], type: m[2], notNull: m[3] === 'NOT NULL' };
    if (m[4]) column.default = m[4];
    if (LATE_COLUMNS.has(`${name}.${m[1]}`)) column.since = '029f645f';
    columns.push(column);
  }
  const constraints = [];
  const cons = block.match(/^Constraints: (.*?)\s*$/m);
  for (const c of cons ? cons[1].matchAll(/`([^`]+)`: ([^;]+?)(?=;|\s*$)/g) : []) constraints.push({ name: c[1], definition: c[2].trim() });
  const indexes = [];
  const idx = block.match(/^Indexes: (.*?)\s*$/m);
  for (const i of idx ? idx[1].matchAll(/`([^`]+)` (UNIQUE )?btree \(([^)]*)\)/g) : []) {
    /** @type {{ name: string, unique: boolean, columns: string, since?: string }} */
    const index = { name: i[1], unique: Boolean(i[2]), columns: i[3] };
    if (LATE_INDEXES.has(i[1])) index.since = '029f645f';
    indexes.push(index);
  }
  /** @type {{ name: string, columns: typeof columns, constraints: typeof constraints, indexes: typeof indexes, since?: string }} */
  const table = { name, columns, constraints, indexes };
  if (LATE_TABLES.has(name)) table.since = '029f645f';
  tables.push(table);
}
if (tables.length !== 64) throw new Error(`expected 64 tables, found ${tables.length}`);
const out = JSON.stringify({ source: 'litellm-schema.md §6 (schema.prisma @ 029f645f)', tables }, null, 1).replace(
  /\n\s+(?="|\}|\])/g,
  (s) => s,
);
writeFileSync('src/core/demo/schema/litellm-029f645f.json', out + '\n');
console.log(`${tables.length} tables, ${tables.reduce((n, t) => n + t.columns.length, 0)} columns`);
