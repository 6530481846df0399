// The broker's pure parts: policy evaluation, the state folded from records, and the reconcile plan.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { grantBinding } from '../../src/access/binding.js';
import { parseDuration } from '../../src/access/duration.js';
import type { AccessRecord } from '../../src/access/grant.js';
import type { AccessPolicy } from '../../src/access/policy.js';
import { evaluateApprover, evaluateBreakGlass, evaluateRequest } from '../../src/access/policy.js';
import { planReconcile } from '../../src/access/reconcile.js';
import { foldRecords } from '../../src/access/state.js';

const POLICY: AccessPolicy = {
  groups: { dev: ['alice'], sec: ['bob'] },
  rules: [{ clusterRoles: ['view'], namespaces: ['clinic'], groups: ['dev'], maxDuration: '2h', approverGroups: ['sec'] }],
  breakGlass: { users: ['carol'] },
};

const base = { id: 'abc', namespace: 'clinic', role: { kind: 'ClusterRole' as const, name: 'view' }, requester: 'alice', breakGlass: false };
const requested: AccessRecord = { ...base, action: 'requested', actor: 'alice', at: '2026-01-01T00:00:00Z', durationSeconds: 3600, approvalsRequired: 1 };
const approved: AccessRecord = { ...base, action: 'approved', actor: 'bob', at: '2026-01-01T00:01:00Z' };

it('parses durations and refuses what is not one', () => {
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('2 hours'), undefined);
  assert.equal(parseDuration('0s'), undefined);
});

it('evaluates requests, approvers and break-glass against the policy', () => {
  assert.equal(evaluateRequest(POLICY, { requester: 'alice', role: base.role, namespace: 'clinic', seconds: 3600 }).ok, true);
  const long = evaluateRequest(POLICY, { requester: 'alice', role: base.role, namespace: 'clinic', seconds: 3 * 3600 });
  assert.ok(!long.ok && /longer than the maximum of 2h/.test(long.reason));
  const rule = POLICY.rules?.[0];
  assert.ok(rule);
  assert.equal(evaluateApprover(POLICY, rule, 'alice', 'alice', []).ok, false);
  assert.equal(evaluateApprover(POLICY, rule, 'alice', 'bob', []).ok, true);
  assert.equal(evaluateApprover(POLICY, rule, 'alice', 'dave', []).ok, false);
  const bg = evaluateBreakGlass(POLICY, 'carol', 'clinic');
  assert.ok(bg.ok && bg.value.seconds === 3600 && bg.value.role.name === 'admin');
  assert.equal(evaluateBreakGlass(POLICY, 'alice', 'clinic').ok, false);
  assert.equal(evaluateBreakGlass({}, 'carol', 'clinic').ok, false);
});

it('folds records into a state; a step that does not fit the state changes nothing', () => {
  assert.equal(foldRecords([requested])?.status, 'pending');
  assert.equal(foldRecords([requested, approved])?.status, 'approved');
  const granted: AccessRecord = { ...base, action: 'granted', actor: 'bob', at: '2026-01-01T00:01:01Z', expires: '2026-01-01T01:01:01Z' };
  const s = foldRecords([requested, approved, granted, { ...base, action: 'approved', actor: 'erin', at: '2026-01-01T00:02:00Z' }]);
  assert.equal(s?.status, 'granted');
  assert.deepEqual(s?.approvers, ['bob']);
  assert.equal(foldRecords([approved]), undefined, 'a history must open with requested or break-glass');
});

it('plans expiry, tampering and repair from states and bindings', () => {
  const approvedState = foldRecords([requested, approved]);
  assert.ok(approvedState);
  const binding = grantBinding(approvedState, '2026-01-01T00:01:01Z', '2026-01-01T01:01:01Z');
  const now = Date.parse('2026-01-01T00:30:00Z');
  // A binding whose granted record is missing (the broker crashed in between).
  assert.deepEqual(planReconcile({ states: new Map([['abc', approvedState]]), bindings: [binding], now, graceMs: 0 }).map((a) => a.action), ['repaired']);
  assert.deepEqual(planReconcile({ states: new Map([['abc', approvedState]]), bindings: [binding], now: Date.parse('2026-01-01T00:01:30Z'), graceMs: 60_000 }), []);
  const { grantDigest } = { grantDigest: (binding['metadata'] as { annotations: Record<string, string> }).annotations['phiguard.dev/grant-digest'] };
  const granted = foldRecords([requested, approved, { ...base, action: 'granted', actor: 'bob', at: '2026-01-01T00:01:01Z', expires: '2026-01-01T01:01:01Z', ...(grantDigest ? { digest: grantDigest } : {}) }]);
  assert.ok(granted);
  const states = new Map([['abc', granted]]);
  assert.deepEqual(planReconcile({ states, bindings: [binding], now, graceMs: 0 }), []);
  assert.deepEqual(planReconcile({ states, bindings: [binding], now: Date.parse('2026-01-01T02:00:00Z'), graceMs: 0 }).map((a) => a.action), ['expired']);
  const edited = { ...binding, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' } };
  assert.deepEqual(planReconcile({ states, bindings: [edited], now, graceMs: 0 }).map((a) => a.action), ['tampered']);
  assert.deepEqual(planReconcile({ states, bindings: [], now, graceMs: 0 }).map((a) => a.action), ['tampered'], 'deleted outside the broker');
});

it('refuses a break-glass maximum longer than 4h, naming the file, line and field', async () => {
  const { configFromObject, ConfigError } = await import('../../src/config/load.js');
  const yaml = (await import('js-yaml')).default;
  const text = 'access:\n  breakGlass:\n    groups: [oncall]\n    maxDuration: 12h\n';
  assert.throws(() => configFromObject(yaml.load(text), 'p.yaml', text), (e: unknown) => e instanceof ConfigError && /^p\.yaml:4: \/access\/breakGlass\/maxDuration 12h is longer than 4h/.test(e.message));
  const ok = 'access:\n  breakGlass:\n    groups: [oncall]\n    maxDuration: 45m\n';
  assert.equal(configFromObject(yaml.load(ok), 'p.yaml', ok).access?.breakGlass?.maxDuration, '45m');
});
