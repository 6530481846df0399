import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, resultOf } from '../../support/rule-tester.js';
import auditBackendReliability from '../../../src/rules/controlplane/audit-backend-reliability.js';
import { API, hardenedVariants } from './hardened-variants.js';
import { scan } from '../live/fixtures.js';

describe('HK-AU-009 from the API server metrics', () => {
  it('flags audit errors the API server counted, and passes none', () => {
    assert.deepEqual(findingsOf(auditBackendReliability, scan('  metrics:\n    readable: true\n    auditErrors: 0\n')), []);
    const found = findingsOf(auditBackendReliability, scan('  metrics:\n    readable: true\n    auditErrors: 17\n'));
    assert.deepEqual(found.map((f) => f.message), ['The API server counted 17 audit errors (apiserver_audit_error_total): audit events were lost on their way to the backend.']);
  });
});

describe('HK-AU-009 when /metrics is forbidden', () => {
  it('is not evaluated, with the RBAC rule that would allow it', () => {
    const r = resultOf(auditBackendReliability, scan('  metrics:\n    readable: false\n    reason: \'forbidden: allow {nonResourceURLs: ["/metrics"], verbs: ["get"]}\'\n'));
    const c = r.controls.find((x) => x.id === 'HK-AU-009');
    assert.equal(c?.status, 'not-evaluated');
    assert.match(c.reason ?? '', /nonResourceURLs/);
  });
});

hardenedVariants(auditBackendReliability, [
  { file: API, from: '--audit-log-format=json', to: '--audit-log-format=legacy', says: 'legacy text format' },
]);
