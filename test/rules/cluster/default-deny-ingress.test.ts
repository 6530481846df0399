import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../support/rule-tester.js';
import defaultDenyIngress from '../../../src/rules/cluster/default-deny-ingress.js';
import { cilium, DENY_ALL, EHR_POD, np, ns, server, statusOf } from './fixtures.js';

ruleTester(defaultDenyIngress, {
  valid: [
    { name: 'deny-all', yaml: ns('p') + server('p', 'a') + DENY_ALL('p') },
    { name: 'every pod isolated by its own policy', yaml: ns('p') + server('p', 'a') + np('p', 'a-in', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{podSelector: {}}]}]') },
    { name: 'not PHI', yaml: ns('w', 'none') + server('w', 'a') },
  ],
  invalid: [
    {
      name: 'egress-only deny does not isolate ingress',
      yaml: ns('p') + server('p', 'a') + np('p', 'deny-egress', '  podSelector: {}\n  policyTypes: [Egress]'),
      errors: [{ messageId: 'missing', contains: 'not isolated: a' }],
    },
  ],
});

describe('Cilium policies in HK-NW-002', () => {
  it('a pod a CiliumNetworkPolicy selects for ingress is not-evaluated, not reported as open', () => {
    assert.deepEqual(statusOf(defaultDenyIngress, EHR_POD), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf(defaultDenyIngress, EHR_POD + cilium('{}', 'ingress')), { status: 'not-evaluated', findings: 0 });
  });
});
