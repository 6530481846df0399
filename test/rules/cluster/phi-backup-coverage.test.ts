import { ruleTester } from '../../support/rule-tester.js';
import phiBackupCoverage from '../../../src/rules/cluster/phi-backup-coverage.js';
import { ns, schedule } from './fixtures.js';

ruleTester(phiBackupCoverage, {
  valid: [
    { name: 'all namespaces', yaml: ns('p') + schedule('daily', '{ttl: 720h0m0s}') },
    { name: 'listed', yaml: ns('p') + schedule('daily', '{includedNamespaces: [p]}') },
  ],
  invalid: [
    { name: 'no schedule', yaml: ns('p'), errors: [{ messageId: 'uncovered', contains: 'no Velero Schedule at all' }] },
    { name: 'excluded', yaml: ns('p') + schedule('daily', '{excludedNamespaces: [p]}'), errors: [{ messageId: 'uncovered', contains: 'excluded by Schedule daily' }] },
  ],
});
