// Issue 16 through the CLI against real PostgreSQL: AnyCost redirects are failures, never deliveries (finding 5);
// malformed URLs never reach stderr or --json (7); impossible dates are usage errors on every date option (10).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startCloudZeroServer, type FakeCloudZero } from '../support/cloudzeroServer';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const KEY = 'cz-sec-Secret-Key-77aa';
const CONNECTION = 'sec-conn-1234';

/** Answers every request with `status` and a Location on the other server, counting what it received. */
async function redirectServer(
  status: number,
  target: () => string,
): Promise<{ url: string; hits: number; close(): Promise<void>; server: Server }> {
  const state = { hits: 0 };
  const server = createServer((req, res) => {
    state.hits++;
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { Location: `${target()}${req.url ?? '/'}` });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('security: CLI input and AnyCost redirects (real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let cz: FakeCloudZero;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    cz = await startCloudZeroServer({ apiKey: KEY, connectionId: CONNECTION });
  });
  after(async () => {
    await cz?.close();
    await tdb?.drop();
  });

  for (const status of [301, 302, 307, 308]) {
    test(`an AnyCost ${status} is a failure: nothing is re-posted to the Location, nothing counts as delivered`, async () => {
      const redirect = await redirectServer(status, () => cz.url);
      try {
        const before = cz.requests.length;
        const run = await runCliCapture(
          [
            'transmit',
            '--db',
            tdb.url,
            '--source',
            'user',
            '--from',
            '2026-10-01',
            '--to',
            '2026-10-31',
            '--connection-id',
            CONNECTION,
            '--endpoint',
            redirect.url,
            '--json',
          ],
          { CLOUDZERO_API_KEY: KEY },
        );
        assert.notEqual(run.code, 0, 'a redirect is not a delivery');
        assert.equal(redirect.hits, 1, 'one request, no retries of a redirect');
        assert.equal(cz.requests.length, before, 'the rows never reached the redirect target');
        assert.match(run.stderr, new RegExp(`redirect \\(HTTP ${status} to ${cz.url.replace(/[.:/]/g, '\\$&')}\\); nothing was delivered`));
        assert.ok(!run.stdout.includes(KEY) && !run.stderr.includes(KEY));
      } finally {
        await redirect.close();
      }
    });
  }

  test('malformed --db URLs: exit 2, and no part of the password on stderr or in --json', async () => {
    for (const url of [
      'postgresql://user:p@ss@host:99999/db',
      'postgresql://admin:1234/hunter@127.0.0.1/litellm',
      'postgresql://admin:1234#hunter@127.0.0.1/x',
    ]) {
      for (const json of [false, true]) {
        const run = await runCliCapture(['schema', '--db', url, ...(json ? ['--json'] : [])]);
        assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
        for (const part of ['p@ss', 'ss@host', 'hunter']) {
          assert.ok(!run.stdout.includes(part) && !run.stderr.includes(part), `"${part}" leaked:\n${run.stdout}${run.stderr}`);
        }
        if (json) assert.equal((JSON.parse(run.stdout) as { error: { exitCode: number } }).error.exitCode, 2);
      }
    }
  });

  test('impossible dates are usage errors (exit 2, with the usual hint) on every date option', async () => {
    const cases: string[][] = [
      ['export', '--from', '2025-13-01', '--to', '2025-12-31', '--out', 'never.csv'],
      ['export', '--from', '2025-01-01', '--to', '2025-02-30', '--out', 'never.csv'],
      ['transmit', '--from', '2025-13-01', '--to', '2025-12-31', '--connection-id', CONNECTION, '--dry-run'],
      ['attribution', '--from', '2025-13-01', '--to', '2025-12-31'],
      ['analyses', 'run', 'top-users', '--param', 'from=2025-13-01'],
    ];
    for (const args of cases) {
      const run = await runCliCapture([...args, '--db', tdb.url, '--json']);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      const { error } = JSON.parse(run.stdout) as { error: { kind: string; message: string; hint?: string } };
      assert.equal(error.kind, 'usage');
      assert.ok(!/Invalid time value/.test(error.message));
      assert.match(`${error.message} ${error.hint ?? ''}`, /YYYY-MM-DD/, args.join(' '));
    }
  });
});
