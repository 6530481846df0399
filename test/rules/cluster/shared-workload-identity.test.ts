import { ruleTester } from '../../support/rule-tester.js';
import sharedWorkloadIdentity from '../../../src/rules/cluster/shared-workload-identity.js';
import { ns, deploy } from './fixtures.js';

ruleTester(sharedWorkloadIdentity, {
  valid: [{ name: 'one each', yaml: ns('p') + deploy('p', 'a', '\n      serviceAccountName: a') + deploy('p', 'b', '\n      serviceAccountName: b') }],
  invalid: [
    { name: 'two on default: one finding for the shared identity, the other workload related', yaml: ns('p') + deploy('p', 'a') + deploy('p', 'b'), errors: [{ messageId: 'shared', resource: 'a', contains: 'p/default', related: ['shared'] }] },
    { name: 'two shared identities are two findings', yaml: ns('p') + deploy('p', 'a') + deploy('p', 'b') + deploy('p', 'c', '\n      serviceAccountName: x') + deploy('p', 'd', '\n      serviceAccountName: x'),
      errors: [{ messageId: 'shared', contains: 'p/default', related: ['shared'] }, { messageId: 'shared', contains: 'p/x', related: ['shared'] }] },
  ],
});
