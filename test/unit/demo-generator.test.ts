import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogFor } from '../../src/core/demo/catalog';
import { hashMasterKey } from '../../src/core/db/masterKey';
import { DEMO_MASTER_KEY } from '../../src/core/demo/gen/cast';
import { generateDemoData, type DemoDataset } from '../../src/core/demo/generator';
import { SCHEMA_VERSIONS } from '../../src/core/demo/versions';

type Row = Record<string, unknown>;
const OPTIONS = { seed: 42, endDate: '2026-10-31', days: 90, retentionDays: 60 };
const full = generateDemoData('029f645f', OPTIONS);
const early = generateDemoData('early-2025', OPTIONS);
const rows = (d: DemoDataset, table: string): Row[] => d.tables[table] ?? assert.fail(`no ${table}`);
const sum = (items: Row[], column = 'spend'): number => items.reduce((s, r) => s + Number(r[column]), 0);
const close = (a: number, b: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('demo generator', () => {
  test('is deterministic for a seed and varies with it', () => {
    assert.deepEqual(generateDemoData('029f645f', OPTIONS), full);
    const other = generateDemoData('029f645f', { ...OPTIONS, seed: 7 });
    assert.notDeepEqual(other.tables.LiteLLM_VerificationToken, full.tables.LiteLLM_VerificationToken);
  });

  test('summary describes the range, the purge and every table of the level', () => {
    const s = full.summary;
    assert.deepEqual([s.from, s.to, s.retentionFrom], ['2026-08-03', '2026-10-31', '2026-09-02']);
    assert.ok(s.requests > 11_000 && s.requests < 16_000, `requests ${s.requests}`);
    assert.equal(s.spendLogsRows, rows(full, 'LiteLLM_SpendLogs').length);
    assert.equal(Object.keys(s.tables).length, 64);
    assert.equal(Object.keys(early.summary.tables).length, 23);
    assert.ok(rows(full, 'LiteLLM_SpendLogs').every((r) => String(r.startTime) >= '2026-09-02'));
    assert.ok(
      rows(full, 'LiteLLM_DailyUserSpend').some((r) => String(r.date) < '2026-09-02'),
      'daily tables keep purged days',
    );
    assert.throws(() => generateDemoData('1.83', { endDate: '2026-02-30' }), RangeError);
    assert.throws(() => generateDemoData('1.83', { days: 0 }), RangeError);
  });

  test('defaults to a period ending yesterday (UTC); tiny periods still generate', () => {
    const yesterday = (): string => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const before = yesterday();
    const d = generateDemoData('1.83', { days: 1, requestsPerDay: 5 });
    assert.ok([before, yesterday()].includes(d.summary.to), d.summary.to);
    assert.equal(d.summary.from, d.summary.to);
    for (const version of SCHEMA_VERSIONS) {
      const tiny = generateDemoData(version, { ...OPTIONS, days: 2, requestsPerDay: 3 });
      close(sum(rows(tiny, 'LiteLLM_DailyUserSpend')), tiny.summary.totalSpend, `${version} tiny total`);
    }
  });

  test('rows fit the catalog: same columns per table, NOT NULL columns without default filled', () => {
    for (const version of SCHEMA_VERSIONS) {
      const d = version === '029f645f' ? full : version === 'early-2025' ? early : generateDemoData(version, OPTIONS);
      for (const table of catalogFor(version)) {
        const data = d.tables[table.name];
        assert.ok(data, `${version} ${table.name}`);
        if (data.length === 0) continue;
        const names = new Set(table.columns.map((c) => c.name));
        const keys = Object.keys(data[0]);
        assert.deepEqual(
          keys.filter((k) => !names.has(k)),
          [],
          `${version} ${table.name} extra columns`,
        );
        const required = table.columns.filter((c) => c.notNull && c.default === undefined).map((c) => c.name);
        for (const row of data) {
          assert.deepEqual(Object.keys(row), keys);
          for (const c of required) assert.ok(row[c] != null, `${version} ${table.name}.${c} is null`);
        }
      }
    }
  });

  test('daily tables aggregate exactly what SpendLogs hold (§8.4)', () => {
    const logs = rows(full, 'LiteLLM_SpendLogs');
    const inRetention = (r: Row): boolean => String(r.date) >= full.summary.retentionFrom;
    const userDaily = rows(full, 'LiteLLM_DailyUserSpend');
    // The daily tables count a duplicated request_id twice; SpendLogs keep it once (issue 14 fact 8).
    const [dup] = full.summary.duplicates;
    assert.ok(dup && dup.spend > 0 && dup.date >= full.summary.retentionFrom, 'one duplicated request inside the retention');
    const dupLog = logs.find((r) => r.request_id === dup.requestId) ?? assert.fail('the duplicated request has one SpendLogs row');
    assert.equal(logs.filter((r) => r.request_id === dup.requestId).length, 1);
    const withDup = (logSum: number, counts = true): number => logSum + (counts ? dup.spend : 0);
    close(sum(userDaily), full.summary.totalSpend, 'Σ daily user = total');
    close(sum(userDaily.filter(inRetention)), withDup(sum(logs)), 'Σ daily user = Σ SpendLogs in retention + the duplicate');
    // 1.83: every request has a team row (team '' when teamless), so the whole team table matches SpendLogs.
    const teamDaily = rows(full, 'LiteLLM_DailyTeamSpend').filter(inRetention);
    close(sum(teamDaily), withDup(sum(logs)), 'team table, teamless rows included');
    close(
      sum(teamDaily.filter((r) => r.team_id !== '')),
      withDup(sum(logs.filter((r) => r.team_id !== '')), dupLog.team_id !== ''),
      'team slice',
    );
    close(
      sum(rows(full, 'LiteLLM_DailyOrganizationSpend').filter(inRetention)),
      withDup(sum(logs.filter((r) => r.organization_id !== '')), dupLog.organization_id !== ''),
      'org slice',
    );
    const tagRequests = sum(rows(full, 'LiteLLM_DailyTagSpend').filter(inRetention), 'api_requests');
    const tagsOf = (r: Row): number => (r.request_tags as string[]).length;
    assert.equal(tagRequests, logs.reduce((s, r) => s + tagsOf(r), 0) + tagsOf(dupLog));
    // 1.83 skips no request: rows without model and tool land with model='' (issue 14 fact 5).
    const modelless = logs.filter((r) => r.model === '' && r.mcp_namespaced_tool_name == null);
    assert.ok(modelless.length > 0 && modelless.every((r) => r.spend === 0));
    assert.equal(sum(userDaily.filter(inRetention), 'api_requests'), logs.length + 1, 'every request has a daily row, the duplicate twice');
    assert.ok(
      userDaily.some((r) => r.model === '' && r.mcp_namespaced_tool_name === ''),
      "rows with model='' and no tool",
    );
    const keys = new Set(
      userDaily.map((r) =>
        JSON.stringify([r.user_id, r.date, r.api_key, r.model, r.custom_llm_provider, r.mcp_namespaced_tool_name, r.endpoint]),
      ),
    );
    assert.equal(keys.size, userDaily.length, 'unique key holds');
    assert.ok(userDaily.every((r) => r.mcp_namespaced_tool_name !== null && r.endpoint !== null));
    assert.ok(userDaily.some((r) => r.endpoint === '/v1/messages') && userDaily.some((r) => r.endpoint === '/embeddings'));
    assert.ok(
      userDaily.some((r) => r.mcp_namespaced_tool_name !== '' && r.model === ''),
      'MCP tool rows',
    );
  });

  test('SpendLogs rows follow LiteLLM conventions (§8.2, §8.3)', () => {
    const logs = rows(full, 'LiteLLM_SpendLogs');
    for (const r of logs) {
      for (const c of ['user', 'team_id', 'organization_id', 'end_user']) assert.equal(typeof r[c], 'string', `${c} is '' not NULL`);
      assert.ok(r.session_id, 'session_id never empty');
      assert.ok(r.status === 'success' || r.status === 'failure' || r.status === null);
      const md = r.metadata as Row;
      assert.equal(md.user_api_key, r.api_key);
      assert.ok('usage_object' in md && 'user_api_key_alias' in md && 'user_api_key_team_alias' in md);
    }
    const hits = logs.filter((r) => r.cache_hit === 'True');
    assert.ok(hits.length > 0 && hits.every((r) => /_cache_hit\d+\.\d+$/.test(String(r.request_id)) && r.spend === 0));
    const failures = logs.filter((r) => r.status === 'failure');
    assert.ok(failures.length > 0 && failures.every((r) => r.spend === 0 && (r.metadata as Row).error_information));
    assert.ok(
      logs.some((r) => r.api_key === hashMasterKey(DEMO_MASTER_KEY) && r.user === 'default_user_id'),
      'master key stored as its hash',
    );
    assert.ok(!logs.some((r) => r.api_key === 'litellm_proxy_master_key'));
    assert.ok(logs.some((r) => r.model === 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0' && r.model_group === 'claude-3-5-sonnet'));
    assert.ok(
      logs.some((r) => r.model === 'gpt-3.5-turbo'),
      'a deployment without provider prefix',
    );
    assert.ok(
      logs.some((r) => Number(r.spend) > 0 && Number(r.spend) < 1e-6),
      'sub-micro-dollar spend',
    );
    assert.ok(
      logs.some((r) => (r.request_tags as string[]).length >= 2),
      'multi-tag requests',
    );
    const withCache = logs.find((r) => (((r.metadata as Row).usage_object as Row | null)?.cache_read_input_tokens as number) > 0);
    assert.ok(withCache, 'cache read tokens in usage_object');
  });

  test('keys: service keys, teamless keys, a moved key and a deleted key', () => {
    const tokens = rows(full, 'LiteLLM_VerificationToken');
    const logs = rows(full, 'LiteLLM_SpendLogs');
    assert.ok(tokens.length >= 20 && tokens.every((k) => /^[0-9a-f]{64}$/.test(String(k.token))));
    const serviceKeys = new Set(tokens.filter((k) => k.user_id === null && k.team_id !== null).map((k) => k.token));
    assert.ok(
      logs.some((r) => serviceKeys.has(r.api_key) && r.user === ''),
      'keys without user',
    );
    assert.ok(
      rows(full, 'LiteLLM_DailyTeamSpend').some((r) => r.team_id === ''),
      'teamless daily rows',
    );
    const teamsPerKey = new Map<unknown, Set<unknown>>();
    for (const r of rows(full, 'LiteLLM_DailyTeamSpend')) {
      teamsPerKey.set(r.api_key, (teamsPerKey.get(r.api_key) ?? new Set()).add(r.team_id));
    }
    const moved = tokens.find((k) => (teamsPerKey.get(k.token)?.size ?? 0) > 1);
    assert.ok(moved, 'a key with daily rows under two teams');
    const oldRows = rows(full, 'LiteLLM_DailyTeamSpend').filter((r) => r.api_key === moved.token && r.team_id !== moved.team_id);
    const newRows = rows(full, 'LiteLLM_DailyTeamSpend').filter((r) => r.api_key === moved.token && r.team_id === moved.team_id);
    assert.ok(
      oldRows.every((o) => newRows.every((n) => String(o.date) <= String(n.date))),
      'old team before the move',
    );
    const [deleted] = rows(full, 'LiteLLM_DeletedVerificationToken');
    assert.ok(deleted && !tokens.some((k) => k.token === deleted.token));
    assert.ok(
      rows(full, 'LiteLLM_DailyUserSpend').some((r) => r.api_key === deleted.token),
      'deleted key keeps daily history',
    );
    const earlyTokens = new Set(rows(early, 'LiteLLM_VerificationToken').map((k) => k.token));
    assert.ok(
      rows(early, 'LiteLLM_DailyUserSpend').some((r) => r.api_key !== 'litellm_proxy_master_key' && !earlyTokens.has(r.api_key)),
      'early-2025: a key that is simply missing',
    );
  });

  test('teams, members and hostile aliases', () => {
    const teams = rows(full, 'LiteLLM_TeamTable');
    const users = rows(full, 'LiteLLM_UserTable');
    assert.ok(teams.some((t) => t.organization_id === null));
    assert.ok(
      teams.some((t) => !Array.isArray(t.members_with_roles) && Object.keys(t.members_with_roles as object).length === 0),
      'legacy {}',
    );
    assert.ok(teams.some((t) => t.admins === null && t.members === null));
    for (const t of teams) {
      if (!Array.isArray(t.members_with_roles)) continue;
      for (const m of t.members_with_roles as Row[]) {
        const user = users.find((u) => u.user_id === m.user_id);
        assert.ok(user && (user.teams as string[]).includes(String(t.team_id)), 'UserTable.teams mirrors members_with_roles');
      }
    }
    const memberships = rows(full, 'LiteLLM_TeamMembership');
    assert.ok(memberships.length > 0 && memberships.every((m) => m.budget_id !== null));
    const members = teams.flatMap((t) => (Array.isArray(t.members_with_roles) ? (t.members_with_roles as Row[]) : []));
    assert.ok(members.length > memberships.length, 'members without a TeamMembership row');
    assert.ok(rows(full, 'LiteLLM_OrganizationMembership').length >= 10);
    const aliases = [
      ...users.map((u) => u.user_alias),
      ...teams.map((t) => t.team_alias),
      ...rows(full, 'LiteLLM_OrganizationTable').map((o) => o.organization_alias),
      ...rows(full, 'LiteLLM_VerificationToken').map((k) => k.key_alias),
    ].map(String);
    for (const hostile of [
      '<img src=x onerror=alert(1)>',
      '"A | B" end {}',
      '=HYPERLINK("https://example.com","scratch")',
      'ml-batch\nnightly',
      'Acme Zürich AG',
    ]) {
      assert.ok(aliases.includes(hostile), hostile);
    }
  });

  test('hostile and non-Latin names sit on low-spend rows only, never among the top spenders', () => {
    const HOSTILE = /[<>"'=|{}\n]|[^\x20-\x7e]/;
    const total = sum(rows(full, 'LiteLLM_DailyUserSpend'));
    const levels: [string, string, string, string, string][] = [
      ['LiteLLM_OrganizationTable', 'organization_id', 'organization_alias', 'LiteLLM_DailyOrganizationSpend', 'organization_id'],
      ['LiteLLM_TeamTable', 'team_id', 'team_alias', 'LiteLLM_DailyTeamSpend', 'team_id'],
      ['LiteLLM_UserTable', 'user_id', 'user_alias', 'LiteLLM_DailyUserSpend', 'user_id'],
      ['LiteLLM_VerificationToken', 'token', 'key_alias', 'LiteLLM_DailyUserSpend', 'api_key'],
    ];
    let hostileRows = 0;
    for (const [table, id, alias, daily, dailyId] of levels) {
      const spendOf = (value: unknown): number => sum(rows(full, daily).filter((r) => r[dailyId] === value));
      const ranked = rows(full, table)
        .map((r) => ({ name: String(r[alias] ?? ''), spend: spendOf(r[id]) }))
        .sort((a, b) => b.spend - a.spend);
      ranked.forEach((entity, rank) => {
        if (!HOSTILE.test(entity.name)) return;
        hostileRows++;
        assert.ok(
          rank >= Math.min(3, ranked.length - 1) && entity.spend < 0.03 * total,
          `${JSON.stringify(entity.name)} in ${table}: rank ${rank + 1}, ${((100 * entity.spend) / total).toFixed(1)} % of the spend`,
        );
      });
      assert.ok(!HOSTILE.test(ranked[0].name), `the top spender of ${table} has a plain name`);
    }
    assert.ok(hostileRows >= 5 && hostileRows <= 10, `a few hostile rows (${hostileRows})`);
  });

  test('counters: resets to 0 with history, near and over budget', () => {
    const teams = rows(full, 'LiteLLM_TeamTable');
    const teamDaily = rows(full, 'LiteLLM_DailyTeamSpend');
    const reset = teams.find((t) => t.spend === 0 && t.budget_duration !== null);
    assert.ok(reset && sum(teamDaily.filter((r) => r.team_id === reset.team_id)) > 0, 'team counter 0 while daily history remains');
    const budgets = new Map(rows(full, 'LiteLLM_BudgetTable').map((b) => [b.budget_id, b]));
    const ratios = (items: Row[], max: (r: Row) => unknown): number[] =>
      items.map((r) => Number(r.spend) / Number(max(r))).filter((x) => Number.isFinite(x) && x > 0);
    const check = (what: string, list: number[]): void => {
      assert.ok(
        list.some((x) => x >= 0.8 && x < 1),
        `${what} near budget: ${list}`,
      );
      assert.ok(
        list.some((x) => x > 1),
        `${what} over budget: ${list}`,
      );
    };
    check(
      'keys',
      ratios(rows(full, 'LiteLLM_VerificationToken'), (k) => k.max_budget),
    );
    check(
      'users',
      ratios(rows(full, 'LiteLLM_UserTable'), (u) => u.max_budget),
    );
    check(
      'teams',
      ratios(teams, (t) => t.max_budget),
    );
    check(
      'customers',
      ratios(rows(full, 'LiteLLM_EndUserTable'), (c) => budgets.get(c.budget_id)?.max_budget),
    );
    const m = rows(full, 'LiteLLM_TeamMembership');
    assert.ok(
      m.some((x) => Number(x.total_spend) > Number(x.spend)),
      'member spend reset, lifetime kept',
    );
    assert.ok(rows(full, 'LiteLLM_VerificationToken').some((k) => k.budget_id !== null && budgets.has(k.budget_id)));
    const tags = rows(full, 'LiteLLM_TagTable');
    assert.ok(tags.some((t) => t.budget_id !== null));
    const tagged = new Set(rows(full, 'LiteLLM_SpendLogs').flatMap((r) => r.request_tags as string[]));
    assert.ok(
      [...tagged].some((t) => !tags.some((x) => x.tag_name === t)),
      'a tag without a TagTable row',
    );
  });

  test('end users, including one equal to the key owner', () => {
    const logs = rows(full, 'LiteLLM_SpendLogs');
    const endUsers = new Set(rows(full, 'LiteLLM_EndUserTable').map((c) => c.user_id));
    assert.ok(endUsers.size >= 5);
    assert.ok(logs.filter((r) => r.end_user !== '').every((r) => endUsers.has(r.end_user)));
    assert.ok(logs.some((r) => r.end_user !== '' && r.end_user === r.user));
    assert.ok(rows(full, 'LiteLLM_DailyEndUserSpend').length > 0 && rows(full, 'LiteLLM_DailyAgentSpend').length > 0);
  });

  test('early-2025 writes only what that level has', () => {
    const logs = rows(early, 'LiteLLM_SpendLogs');
    assert.ok(logs.every((r) => !('organization_id' in r) && !('mcp_namespaced_tool_name' in r) && !('agent_id' in r)));
    assert.ok(rows(early, 'LiteLLM_DailyUserSpend').every((r) => !('endpoint' in r) && !('mcp_namespaced_tool_name' in r)));
    assert.equal(early.tables.LiteLLM_DeletedVerificationToken, undefined);
    const daily = rows(early, 'LiteLLM_DailyUserSpend');
    const keys = new Set(daily.map((r) => JSON.stringify([r.user_id, r.date, r.api_key, r.model, r.custom_llm_provider])));
    assert.equal(keys.size, daily.length, 'the shorter unique key holds');
    close(sum(daily), early.summary.totalSpend, 'Σ daily user = total');
  });
});
