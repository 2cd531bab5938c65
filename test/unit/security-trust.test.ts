// Issue 16, findings 1 and 4 (extension side): workspace trust declared with the analyses and CloudZero
// settings restricted; CloudZero send settings application-scoped; privileged roles gate user SQL and show in
// the status bar; an analysis overriding a shipped one is marked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Analysis } from '../../src/core/analyses/types';
import type { RoleInfo } from '../../src/core/db/roleInfo';
import { overrideLabel, overrideWarning } from '../../src/extension/logic/analysisTrust';
import { DEMO_TARGET, envTarget } from '../../src/extension/logic/connectTarget';
import type { SessionInfo } from '../../src/extension/logic/lensSession';
import { statusText } from '../../src/extension/logic/statusText';
import { userSqlNeedsConfirmation, userSqlWarning } from '../../src/extension/logic/userSqlGate';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: string | boolean; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

const SUPERUSER: RoleInfo = { name: 'postgres', superuser: true, memberOf: [], privileged: true };
const SIGNALLER: RoleInfo = { name: 'ops', superuser: false, memberOf: ['pg_signal_backend'], privileged: true };
const READER: RoleInfo = { name: 'litellm_lens', superuser: false, memberOf: [], privileged: false };

function info(role: RoleInfo, target = envTarget('DATABASE_URL')): SessionInfo {
  return {
    target,
    display: 'postgresql://x@db.example:5432/litellm?sslmode=verify-full',
    serverVersion: '15.4',
    generation: '1.83',
    isLiteLLM: true,
    tableCount: 57,
    role,
  };
}

describe('security: workspace trust and CloudZero settings scope', () => {
  test('untrusted workspaces are supported in limited mode, with analyses and CloudZero settings restricted', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(trust?.supported, 'limited');
    for (const key of [
      'litellmLens.analyses.folders',
      'litellmLens.analyses.extra',
      'litellmLens.cloudzero.connectionId',
      'litellmLens.cloudzero.operation',
      'litellmLens.cloudzero.dryRunFirst',
    ]) {
      assert.ok(trust?.restrictedConfigurations?.includes(key), key);
      assert.ok(key in manifest.contributes.configuration.properties, `${key} is a real setting`);
    }
  });

  test('the settings that change what a Send does cannot come from a workspace', () => {
    for (const key of ['connectionId', 'operation', 'dryRunFirst', 'endpoint']) {
      assert.equal(manifest.contributes.configuration.properties[`litellmLens.cloudzero.${key}`].scope, 'application', key);
    }
  });
});

describe('security: privileged roles gate user SQL', () => {
  test('asked once per connection for a privileged role; never for a least-privilege role or the demo', () => {
    assert.equal(userSqlNeedsConfirmation(info(SUPERUSER), false), true);
    assert.equal(userSqlNeedsConfirmation(info(SIGNALLER), false), true);
    assert.equal(userSqlNeedsConfirmation(info(SUPERUSER), true), false, 'confirmed for this connection');
    assert.equal(userSqlNeedsConfirmation(info(READER), false), false);
    assert.equal(userSqlNeedsConfirmation(info(SUPERUSER, DEMO_TARGET), false), false);
    const { message, detail } = userSqlWarning(info(SIGNALLER), 'Run query');
    assert.match(message, /^Run query with a privileged role\? .*member of pg_signal_backend/);
    assert.match(detail, /Least-privilege role/);
  });

  test('the status bar warns about a privileged role and names the role in its tooltip', () => {
    const su = statusText(info(SUPERUSER), 0);
    assert.match(su.text, /^\$\(warning\) /);
    assert.match(su.tooltip, /Warning: role "postgres" is a superuser/);
    const ro = statusText(info(READER), 0);
    assert.match(ro.text, /^\$\(database\) /);
    assert.match(ro.tooltip, /Connected as role "litellm_lens" has no privileges beyond reading/);
  });
});

describe('security: an analysis overriding a shipped one is marked', () => {
  const base = {
    id: 'top-users',
    name: 'Top users',
    description: '',
    sql: 'SELECT 1',
    params: [],
    requires: [],
    problems: [],
  } as unknown as Analysis;
  test('label and warning', () => {
    const repo = {
      ...base,
      origin: 'workspace',
      path: '/repo/.litellm-lens/analyses/top-users.sql',
      overrides: { origin: 'library' },
    } as Analysis;
    assert.equal(overrideLabel(repo), 'overrides shipped');
    assert.equal(overrideLabel({ ...base, origin: 'library' } as Analysis), undefined);
    const w = overrideWarning(repo);
    assert.match(w.message, /replaces the shipped analysis of the same id/);
    assert.match(w.detail, /\/repo\/\.litellm-lens\/analyses\/top-users\.sql/);
  });
});
