import { LensError } from '../../core/errors';

/**
 * One computation several views wait for, each with its own AbortSignal: a view that cancels stops waiting (its
 * own wait rejects as cancelled) without failing the others'; the computation itself is aborted only when every
 * view still waiting has cancelled. A wait without a signal never cancels, so it keeps the computation alive.
 */
export class SharedJob {
  private readonly controller = new AbortController();
  private waiting = 0;
  private done = false;

  /** The computation's own signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The computation has settled: cancels no longer abort it. */
  finish(): void {
    this.done = true;
  }

  /** `work` (a promise of this computation) as one view waits for it. */
  wait<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelled());
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      let waiting = true;
      const stop = () => {
        waiting = false;
        this.waiting--;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (!waiting) return;
        stop();
        reject(cancelled());
        if (this.waiting === 0 && !this.done) this.controller.abort();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          if (!waiting) return;
          stop();
          resolve(value);
        },
        (err: unknown) => {
          if (!waiting) return;
          stop();
          reject(err);
        },
      );
    });
  }
}

function cancelled(): LensError {
  return new LensError('cancelled', 'Cancelled.');
}
