import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDormantIdentities } from '../../../src/audit/detect/detections/dormant-identities.js';
import type { BindingSubject } from '../../../src/audit/detect/options.js';
import { DEFAULT_DETECT_OPTIONS } from '../../../src/audit/detect/options.js';
import { view } from './event.js';

const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: 'ehr-prod', name: 'ehr-readers' };
const bindings: BindingSubject[] = [
  { kind: 'User', name: 'alice@example.org', binding },
  { kind: 'User', name: 'bob@example.org', binding },
  { kind: 'Group', name: 'system:authenticated', binding },
];
const at = (username: string, time: string): ReturnType<typeof view> => view({ user: { username, groups: [] }, stageTimestamp: time });

describe('HK-AL-010 Dormant identities', () => {
  it('flags a bound subject with no request in the last 90 days', () => {
    const dormant = createDormantIdentities({ ...DEFAULT_DETECT_OPTIONS, bindings });
    dormant.observe(at('bob@example.org', '2026-05-01T08:00:00Z'));
    dormant.observe(at('alice@example.org', '2026-09-01T08:00:00Z'));
    const { findings, control } = dormant.finish();
    assert.equal(control.status, 'fail');
    assert.deepEqual(findings.map((f) => [f.control, f.path, f.resource]), [['HK-AL-010', '/subjects', binding]]);
    assert.equal(findings[0]?.message, 'User bob@example.org is bound by RoleBinding ehr-prod/ehr-readers but made no request in the last 90 days (last seen 2026-05-01T08:00:00.000Z)');
  });

  it('passes when every bound subject was active, and skips system groups', () => {
    const dormant = createDormantIdentities({ ...DEFAULT_DETECT_OPTIONS, bindings });
    dormant.observe(at('alice@example.org', '2026-05-01T08:00:00Z'));
    dormant.observe(at('bob@example.org', '2026-08-30T08:00:00Z'));
    dormant.observe(at('alice@example.org', '2026-09-01T08:00:00Z'));
    assert.deepEqual(dormant.finish(), { findings: [], control: { id: 'HK-AL-010', status: 'pass' } });
  });

  it('is not evaluated without bindings or over too short a log', () => {
    const none = createDormantIdentities(DEFAULT_DETECT_OPTIONS);
    none.observe(at('alice@example.org', '2026-09-01T08:00:00Z'));
    assert.equal(none.finish().control.status, 'not-evaluated');
    const short = createDormantIdentities({ ...DEFAULT_DETECT_OPTIONS, bindings });
    short.observe(at('alice@example.org', '2026-08-01T08:00:00Z'));
    short.observe(at('alice@example.org', '2026-09-01T08:00:00Z'));
    assert.deepEqual(short.finish().control, { id: 'HK-AL-010', status: 'not-evaluated', reason: 'the events span 31.0 days; dormancy needs at least 90' });
  });
});
