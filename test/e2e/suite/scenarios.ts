/**
 * Every scenario of the run against the extension loaded from source. Evaluating this module registers the
 * suites, so it must load after mocha has installed the tdd globals: index.ts imports it inside run(), and
 * `@vscode/test-cli` on a desktop VS Code requires its bundle as a test file (.vscode-test.mjs), with the
 * database and the context from desktopSetup.ts.
 */
import './activation.test';
import './connect.test';
import './readOnly.test';
import './cancel.test';
import './graph.test';
import './spend.test';
import './analyses.test';
import './dataDefaults.test';
import './exportCbf.test';
import './secrets.test';
import './removeConnection.test';
import './privileged.test';
import './demo.test';
import './sqlEditor.test';
import './readmeShots.test';
import './health.test';
