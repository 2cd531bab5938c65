/**
 * Entry the extension host loads through `extensionTestsPath` (bundled to out/e2e/suite/index.js): runs the
 * scenarios with mocha (tdd) and reports the tally to the runner. Resolving means all passed, the
 * `@vscode/test-electron` convention; the workbench then calls codeAutomationExit with the result.
 */
import { format } from 'node:util';
import Mocha from 'mocha';
import { loadContext, SUITE_LINE_PREFIX } from './context';
import { ui } from './ui';

/** Loading a scenario module registers its suites, so it happens after mocha's pre-require hook. */
async function loadScenarios(mode: 'dev' | 'vsix' | 'untrusted'): Promise<void> {
  if (mode === 'vsix') await import('./smoke.test');
  else if (mode === 'untrusted') await import('./untrusted.test');
  else await import('./scenarios');
}

export async function run(): Promise<void> {
  const ctx = loadContext();
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) =>
    console.log(SUITE_LINE_PREFIX + format(...args).replace(/\n/g, `\n${SUITE_LINE_PREFIX}`));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(ctx.grep ? { grep: ctx.grep } : {}) });
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'e2e', mocha);
  // What the screen showed when a test failed is the first thing to look at.
  mocha.suite.afterEach(async function () {
    const t = this.currentTest;
    if (t?.state === 'failed') {
      await ui
        .screenshot(
          `failed-${t
            .fullTitle()
            .replace(/[^a-z0-9]+/gi, '-')
            .slice(0, 80)}`,
        )
        .catch(() => undefined);
    }
  });
  await loadScenarios(ctx.mode);
  const tally = { passed: 0, failed: 0, failures: [] as string[] };
  // The tally goes to the runner after every test, so a run cut short by the deadline still counts what ran.
  let reported = Promise.resolve();
  const report = () => {
    const snapshot = { ...tally, failures: [...tally.failures] };
    reported = reported.then(() => ui.tally(snapshot)).catch(() => undefined);
  };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => {
      tally.passed++;
      report();
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err: Error) => {
      tally.failed++;
      tally.failures.push(`${test.fullTitle()}: ${err.message}`);
      report();
    });
  });
  report();
  await reported;
  if (tally.failed > 0) throw new Error(`${tally.failed} e2e scenario(s) failed`);
}
