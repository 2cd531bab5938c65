// The fake CloudZero must refuse what the real API refuses, or the transmit tests prove nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCloudZeroServer, type FakeCloudZero } from '../support/cloudzeroServer';
import { cbfRow } from '../support/anycostRows';

const KEY = 'cz-test-key-0123456789';
const CONNECTION = 'conn-1234abcd';

describe('fake CloudZero AnyCost server', () => {
  let cz: FakeCloudZero;
  const drops = () => `${cz.url}/v2/connections/billing/anycost/${CONNECTION}/billing_drops`;
  const post = (url: string, body: unknown, headers: Record<string, string> = { Authorization: KEY }) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const row = cbfRow('2024-08-01T05', 1);
  const good = { month: '2024-08-01T00:00:00Z', operation: 'replace_hourly', data: [row] };

  before(async () => {
    cz = await startCloudZeroServer({ apiKey: KEY, connectionId: CONNECTION, maxBodyBytes: 10_000, latencyMs: 30 });
  });
  after(() => cz.close());

  test('accepts a valid drop and stores it', async () => {
    const res = await post(drops(), good);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { connection: { drop_id: 'drop-1', month: '2024-08-01T00:00:00Z', row_count: 1 } });
    assert.deepEqual(cz.stored.get('2024-08'), [row]);
  });

  test('enforces path, method and the Authorization header', async () => {
    assert.equal((await post(`${cz.url}/v2/connections/billing/anycost/other/billing_drops`, good)).status, 404);
    assert.equal((await fetch(drops())).status, 405);
    assert.equal((await post(drops(), good, { Authorization: `Bearer ${KEY}` })).status, 403);
    assert.equal((await post(drops(), good, {})).status, 403);
  });

  test('413 above the size limit', async () => {
    const res = await post(drops(), { ...good, data: Array(40).fill(row) });
    assert.equal(res.status, 413);
  });

  test('400 with the API error shape for schema violations', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /not JSON/],
      [{ ...good, month: '2024-08' }, /month "2024-08" does not match/],
      [{ ...good, operation: 'append' }, /Unknown operation/],
      [{ ...good, data: [] }, /non-empty/],
      [{ ...good, data: [{ ...row, 'cost/cost': '-1' }] }, /cost\/cost "-1" does not match/],
      [{ ...good, data: [{ ...row, 'usage/amount': 12 }] }, /usage\/amount is not a string/],
      [{ ...good, data: [{ ...row, 'time/usage_start': '2024-09-01T00:00:00Z' }] }, /not in the month/],
      [{ ...good, data: [{ 'cost/cost': '1' }] }, /lacks time\/usage_start/],
    ];
    for (const [body, message] of cases) {
      const res = await post(drops(), body);
      assert.equal(res.status, 400);
      const json = (await res.json()) as { error: { message: string; type: string } };
      assert.match(json.error.message, message);
      assert.equal(json.error.type, 'ValidationError');
    }
  });

  test('409 and a flag when requests overlap', async () => {
    assert.equal(cz.concurrentRequestSeen, false);
    // Both requests reach the server before either is answered.
    const seen = cz.requests.length;
    const release = cz.hold();
    const both = Promise.all([post(drops(), good), post(drops(), good)]);
    while (cz.requests.length < seen + 2) await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    const statuses = (await both).map((x) => x.status).sort();
    assert.deepEqual(statuses, [200, 409]);
    assert.equal(cz.concurrentRequestSeen, true);
  });

  test('scripted answers, idempotent replay and the validate endpoint', async () => {
    cz.script({ status: 503 }, { status: 429, headers: { 'retry-after': '3' } });
    const key = { Authorization: KEY, 'cloudzero-idempotency-key': 'k-1' };
    const sumBody = { ...good, operation: 'sum' };
    assert.equal((await post(drops(), sumBody, key)).status, 503);
    const limited = await post(drops(), sumBody, key);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    const before = cz.stored.get('2024-08')?.length ?? 0;
    assert.equal((await post(drops(), sumBody, key)).status, 200);
    assert.equal((await post(drops(), sumBody, key)).status, 200);
    assert.equal(cz.stored.get('2024-08')?.length, before + 1);
    assert.equal(cz.requests.at(-1)?.replayed, true);
    const applied = cz.applied.length;
    assert.equal((await post(`${cz.url}/v2/connections/billing/anycost/validate_billing_drop`, good)).status, 200);
    assert.equal((await post(`${cz.url}/v2/connections/billing/anycost/validate_billing_drop`, { ...good, month: 'x' })).status, 400);
    assert.equal(cz.applied.length, applied);
  });
});
