import { ruleTester } from '../../support/rule-tester.js';
import defaultDenyEgress from '../../../src/rules/cluster/default-deny-egress.js';
import { ns, server, np, DENY_ALL } from './fixtures.js';

ruleTester(defaultDenyEgress, {
  valid: [{ name: 'deny-all', yaml: ns('p') + server('p', 'a') + DENY_ALL('p') }],
  invalid: [
    {
      name: 'ingress rule without policyTypes leaves egress open',
      yaml: ns('p') + server('p', 'a') + np('p', 'in', '  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]'),
      errors: [{ messageId: 'missing', contains: 'not isolated: a' }],
    },
  ],
});
