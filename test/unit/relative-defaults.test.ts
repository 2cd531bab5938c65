import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAnalysis } from '../../src/core/analyses/parseAnalysis';
import { dateClock, dateClockNote } from '../../src/core/analyses/relativeDate';
import { checkParamValue, paramPrompt } from '../../src/extension/logic/analysisParams';
import { rangePresets } from '../../src/extension/logic/cbfRanges';

const NOW = new Date('2026-12-06T07:00:00Z');
const analysis = parseAnalysis(
  '-- name: Window\n-- param: from date 30 days ago\n-- param: to date today\n-- param: limit int 5\nSELECT $1::date, $2::date, $3::int',
  { id: 'window', origin: 'workspace', path: '/ws/window.sql' },
);

describe('the clock relative dates resolve against', () => {
  test("data that ended before today moves it to the data's last day, and the note says so", () => {
    const clock = dateClock('2026-03-14', NOW);
    assert.deepEqual(clock, { now: new Date('2026-03-14T00:00:00Z'), dataEnds: '2026-03-14' });
    assert.equal(dateClockNote(clock), 'data ends 2026-03-14; defaults follow it');
  });

  test('data through today (or later), no data, or a non-date stays on today with no note', () => {
    for (const last of ['2026-12-06', '2026-12-07', undefined, '', 'garbage', '2026-02-30']) {
      const clock = dateClock(last, NOW);
      assert.deepEqual(clock, { now: NOW }, String(last));
      assert.equal(dateClockNote(clock), undefined);
    }
  });

  test('analysis defaults resolve against it; only date prompts carry the note', () => {
    const clock = dateClock('2026-03-14', NOW);
    const [from, to, limit] = analysis.params;
    assert.deepEqual(checkParamValue(analysis, from, from.default!, clock.now), { resolved: '2026-02-12' });
    assert.deepEqual(checkParamValue(analysis, to, to.default!, clock.now), { resolved: '2026-03-14' });
    const note = dateClockNote(clock);
    assert.match(paramPrompt(analysis, from, 1, note).prompt, /\(data ends 2026-03-14; defaults follow it\)$/);
    assert.doesNotMatch(paramPrompt(analysis, limit, 3, note).prompt, /data ends/);
    assert.doesNotMatch(paramPrompt(analysis, from, 1).prompt, /data ends/);
  });

  test("CBF presets: around today normally, around the data's last day when it ended earlier", () => {
    assert.deepEqual(
      rangePresets(dateClock(undefined, NOW)).map((p) => [p.label, p.from, p.to]),
      [
        ['Last month', '2026-11-01', '2026-11-30'],
        ['This month', '2026-12-01', '2026-12-06'],
        ['Last 7 days', '2026-11-30', '2026-12-06'],
      ],
    );
    assert.deepEqual(
      rangePresets(dateClock('2026-03-14', NOW)).map((p) => [p.label, p.from, p.to]),
      [
        ['Month before', '2026-02-01', '2026-02-28'],
        ['Latest month', '2026-03-01', '2026-03-14'],
        ['Last 7 days of data', '2026-03-08', '2026-03-14'],
      ],
    );
  });
});
