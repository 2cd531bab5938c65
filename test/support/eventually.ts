/** What a check returns while the condition is not met yet. */
export type Pending = undefined | null | false;

/**
 * The one polling helper of the tests: calls `check` every `everyMs` until it returns a value (not
 * undefined/null/false) and resolves with it; after `ms` fails naming `what` and the last error `check` threw.
 * Dependency-free, so the VS Code e2e suite (bundled into the extension host) uses it too.
 */
export async function eventually<T>(what: string, check: () => Promise<T | Pending> | T | Pending, ms = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
