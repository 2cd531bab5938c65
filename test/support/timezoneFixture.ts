import type pg from 'pg';
import { buildDdl } from '../../src/core/demo/ddl';
import { insertRows } from '../../src/core/demo/insert';
import { KEYS, LiteLLMWriter, TEAM, USER_ALIASES } from './healthFixture';
import { createScratchDatabase } from './testDatabase';

/**
 * Requests around Europe/Berlin midnights and both daylight-saving changes (2026-03-29, 23 hours; 2026-10-25,
 * 25 hours), written the way LiteLLM writes them (healthFixture.ts LiteLLMWriter: one SpendLogs row per request, `startTime` in UTC,
 * and the daily rows of the request's UTC date). Then SpendLogs retention deletes every request before
 * RETENTION_CUT (October fixture only), as LiteLLM's cleanup job does (litellm/proxy/db/db_transaction_queue/spend_log_cleanup.py
 * deletes rows whose startTime is older than the retention period); the daily tables keep them.
 */

export const ZONE = 'Europe/Berlin';
export const FROM = '2026-10-20';
export const TO = '2026-10-27';
/** The SpendLogs cut: 2026-10-22 becomes a partial day, so SpendLogs cover UTC days from 2026-10-23 on. */
export const RETENTION_CUT = '2026-10-22T10:00:00Z';

/** Planted requests (UTC) with distinct amounts; `day` is the report day they must land on, null = outside the period. */
export const PLANTED = [
  { at: '2026-10-19T23:30:00Z', spend: 0.31, day: null }, // Berlin 10-20 01:30, but 10-20 falls back to its UTC day
  { at: '2026-10-22T05:00:00Z', spend: 0.29, day: '2026-10-22' }, // only in the daily tables (retention)
  { at: '2026-10-22T23:30:00Z', spend: 0.19, day: '2026-10-22' }, // in the UTC fallback day, not again in 10-23
  { at: '2026-10-23T00:30:00Z', spend: 0.23, day: '2026-10-23' },
  { at: '2026-10-23T22:30:00Z', spend: 0.43, day: '2026-10-24' }, // 00:30 CEST: 10-23 is a local day, ending at Berlin midnight
  { at: '2026-10-24T21:30:00Z', spend: 0.17, day: '2026-10-24' }, // 23:30 CEST
  { at: '2026-10-24T22:30:00Z', spend: 0.11, day: '2026-10-25' }, // 00:30 CEST, first hour of the 25-hour day
  { at: '2026-10-25T22:30:00Z', spend: 0.13, day: '2026-10-25' }, // 23:30 CET, its last hour
  { at: '2026-10-26T23:30:00Z', spend: 0.07, day: '2026-10-27' }, // 23:30 UTC lands on the next day in Berlin
  { at: '2026-10-27T22:30:00Z', spend: 0.37, day: '2026-10-27' },
  { at: '2026-10-27T23:30:00Z', spend: 0.41, day: null }, // Berlin 10-28
] as const;

/** Two $1 requests a UTC day, at 06:00 and 14:00 UTC (the same date in Berlin). */
export const BASE_DAYS = [
  '2026-10-18',
  '2026-10-19',
  '2026-10-20',
  '2026-10-21',
  '2026-10-22',
  '2026-10-23',
  '2026-10-24',
  '2026-10-25',
  '2026-10-26',
  '2026-10-27',
  '2026-10-28',
];

export interface TimezoneFixture {
  url: string;
  admin: pg.Client;
  drop(): Promise<void>;
}

/** Summer time starts in Berlin on 2026-03-29 (a 23-hour day); SpendLogs are complete (no retention). */
export const SPRING = {
  from: '2026-03-28',
  to: '2026-03-30',
  baseDays: ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'],
  planted: [
    { at: '2026-03-27T23:30:00Z', spend: 0.05, day: '2026-03-28' }, // 00:30 CET
    { at: '2026-03-28T23:30:00Z', spend: 0.11, day: '2026-03-29' }, // 00:30 CET, first hour of the 23-hour day
    { at: '2026-03-29T21:30:00Z', spend: 0.13, day: '2026-03-29' }, // 23:30 CEST, its last hour
    { at: '2026-03-29T22:30:00Z', spend: 0.17, day: '2026-03-30' }, // 00:30 CEST
    { at: '2026-03-30T22:30:00Z', spend: 0.19, day: null }, // Berlin 03-31
  ],
} as const;

async function writeFixture(
  name: string,
  baseDays: readonly string[],
  planted: readonly { at: string; spend: number }[],
  retentionCut: string | null,
): Promise<TimezoneFixture> {
  const db = await createScratchDatabase(name);
  for (const statement of buildDdl('1.83')) await db.admin.query(statement);
  const w = new LiteLLMWriter(new Set());
  for (const day of baseDays) {
    w.record({ key: KEYS.alpha, model: 'gpt-4o', spend: 1, start: new Date(`${day}T06:00:00Z`) });
    w.record({ key: KEYS.bravo, model: 'gpt-4o-mini', spend: 1, start: new Date(`${day}T14:00:00Z`) });
  }
  for (const p of planted) w.record({ key: KEYS.alpha, model: 'gpt-4o', spend: p.spend, start: new Date(p.at) });
  await insertRows(db.admin, 'LiteLLM_TeamTable', [{ team_id: TEAM, team_alias: 'Core', spend: w.counters.team.get(TEAM) ?? 0 }]);
  await insertRows(
    db.admin,
    'LiteLLM_UserTable',
    ['u1', 'u2'].map((u) => ({ user_id: u, user_alias: USER_ALIASES[u], teams: [TEAM], spend: w.counters.user.get(u) ?? 0 })),
  );
  await insertRows(
    db.admin,
    'LiteLLM_VerificationToken',
    [KEYS.alpha, KEYS.bravo].map((k) => ({
      token: k.token,
      key_alias: k.alias,
      user_id: k.user,
      team_id: TEAM,
      spend: w.counters.key.get(k.token) ?? 0,
    })),
  );
  await insertRows(db.admin, 'LiteLLM_SpendLogs', w.spendLogs);
  await insertRows(db.admin, 'LiteLLM_DailyUserSpend', [...w.dailyUser.values()]);
  await insertRows(db.admin, 'LiteLLM_DailyTeamSpend', [...w.dailyTeam.values()]);
  if (retentionCut) {
    await db.admin.query(`DELETE FROM "LiteLLM_SpendLogs" WHERE "startTime" < $1::timestamptz AT TIME ZONE 'UTC'`, [retentionCut]);
  }
  return { url: db.url, admin: db.admin, drop: db.drop };
}

/** October: retention cut, the 25-hour day (PLANTED, BASE_DAYS). */
export function createTimezoneFixture(): Promise<TimezoneFixture> {
  return writeFixture('lens_tz', BASE_DAYS, PLANTED, RETENTION_CUT);
}

/** March: the 23-hour day (SPRING). */
export function createSpringFixture(): Promise<TimezoneFixture> {
  return writeFixture('lens_tz_spring', SPRING.baseDays, SPRING.planted, null);
}
