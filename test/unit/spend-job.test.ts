/** SharedJob: one view's cancel rejects only its own wait; the computation is aborted when every waiter has cancelled. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LensError } from '../../src/core/errors';
import { SharedJob } from '../../src/extension/panels/spendJob';

/** A computation the test settles by hand. */
function pending<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const isCancelled = (err: unknown) => err instanceof LensError && err.kind === 'cancelled';

describe('SharedJob (cancel isolation between views)', () => {
  test('one waiter cancels: its wait rejects as cancelled, the other gets the value, the computation goes on', async () => {
    const job = new SharedJob();
    const work = pending<{ n: number }>();
    const a = new AbortController();
    const first = job.wait(work.promise, a.signal);
    const second = job.wait(work.promise, new AbortController().signal);
    a.abort();
    await assert.rejects(first, isCancelled);
    assert.equal(job.signal.aborted, false, 'another view still waits');
    const value = { n: 1 };
    work.resolve(value);
    assert.equal(await second, value, 'the same object');
  });

  test('a wait without a signal keeps the computation alive whatever the others do', async () => {
    const job = new SharedJob();
    const work = pending<string>();
    const a = new AbortController();
    const cancelled = job.wait(work.promise, a.signal);
    const kept = job.wait(work.promise);
    a.abort();
    await assert.rejects(cancelled, isCancelled);
    assert.equal(job.signal.aborted, false);
    work.resolve('done');
    assert.equal(await kept, 'done');
  });

  test('every waiter cancels: the computation is aborted', async () => {
    const job = new SharedJob();
    const work = pending<string>();
    const [a, b] = [new AbortController(), new AbortController()];
    const waits = [job.wait(work.promise, a.signal), job.wait(work.promise, b.signal)];
    a.abort();
    assert.equal(job.signal.aborted, false);
    b.abort();
    assert.equal(job.signal.aborted, true);
    for (const w of waits) await assert.rejects(w, isCancelled);
  });

  test('a waiter that already got its value does not hold the computation; a cancel after the end aborts nothing', async () => {
    const job = new SharedJob();
    const summary = pending<string>();
    const full = pending<string>();
    const a = new AbortController();
    const first = job.wait(summary.promise, a.signal);
    summary.resolve('summary');
    assert.equal(await first, 'summary');
    const b = new AbortController();
    const rest = job.wait(full.promise, b.signal);
    b.abort();
    await assert.rejects(rest, isCancelled);
    assert.equal(job.signal.aborted, true, 'nobody waits for the rest any more');

    const done = new SharedJob();
    const c = new AbortController();
    const value = pending<string>();
    const wait = done.wait(value.promise, c.signal);
    value.resolve('v');
    done.finish();
    assert.equal(await wait, 'v');
    c.abort();
    assert.equal(done.signal.aborted, false);
    await assert.rejects(done.wait(value.promise, c.signal), isCancelled, 'an aborted signal does not wait at all');
  });
});
