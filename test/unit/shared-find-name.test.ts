import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findName, narrowToExact } from '../../src/shared/findName';

const TABLES = [
  'LiteLLM_VerificationToken',
  'LiteLLM_VerificationTokenView',
  'LiteLLM_TeamTable',
  'LiteLLM_TeamMembership',
  'LiteLLM_SpendLogs',
];
const ANALYSES = ['top-users-by-team', 'top-users', 'top-keys'];

describe('finding a name from what was typed', () => {
  test('an exact name wins over longer names that start with it', () => {
    assert.equal(findName(TABLES, 'LiteLLM_VerificationToken'), 'LiteLLM_VerificationToken');
    assert.equal(findName(ANALYSES, 'top-users'), 'top-users');
    assert.deepEqual(
      narrowToExact(ANALYSES, (a) => a, ' top-users '),
      ['top-users'],
    );
    assert.deepEqual(
      narrowToExact(ANALYSES, (a) => a, 'top-user'),
      ANALYSES,
      'no exact id: the picker ranks as usual',
    );
  });

  test('case and the LiteLLM_ prefix are optional; a unique prefix or substring is enough; ambiguity lists the candidates', () => {
    assert.equal(findName(TABLES, 'verificationtoken'), 'LiteLLM_VerificationToken');
    assert.equal(findName(TABLES, 'spendlog'), 'LiteLLM_SpendLogs');
    assert.equal(findName(TABLES, 'membership'), 'LiteLLM_TeamMembership');
    assert.deepEqual(findName(TABLES, 'team'), ['LiteLLM_TeamTable', 'LiteLLM_TeamMembership']);
    assert.deepEqual(findName(TABLES, 'nothing'), []);
  });
});
