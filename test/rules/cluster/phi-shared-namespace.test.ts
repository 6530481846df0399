import { ruleTester } from '../../support/rule-tester.js';
import phiSharedNamespace from '../../../src/rules/cluster/phi-shared-namespace.js';
import { ns, deploy } from './fixtures.js';

ruleTester(phiSharedNamespace, {
  valid: [
    { name: 'own namespace', yaml: ns('p') + deploy('p', 'api') },
  ],
  invalid: [
    // With no scope declared everything counts as PHI (controls.md §5 rule 4), so a workload in default is flagged.
    { name: 'undeclared scope', yaml: deploy('default', 'api'), errors: [{ messageId: 'shared' }] },
    { name: 'PHI workload in default', yaml: ns('p') + deploy('default', 'api', '', ', phiguard.dev/phi: "true"'), errors: [{ messageId: 'shared' }] },
    { name: 'mixed namespace', yaml: ns('p') + deploy('p', 'api') + deploy('p', 'metrics', '', ', phiguard.dev/phi: "false"'), errors: [{ messageId: 'mixed', contains: 'metrics' }] },
  ],
});
