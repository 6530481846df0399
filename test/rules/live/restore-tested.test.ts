import { ruleTester } from '../../support/rule-tester.js';
import restoreTested from '../../../src/rules/live/restore-tested.js';
import { schedule, backup } from './fixtures.js';

const restore = (at: string): string => `---\napiVersion: velero.io/v1\nkind: Restore\nmetadata:\n  name: drill\n  namespace: velero\nstatus:\n  phase: Completed\n  completionTimestamp: "${at}"\n`;

ruleTester(restoreTested, {
  valid: [
    { name: 'a restore drill within 180 days', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-31T02:00:00Z') + restore('2026-06-01T00:00:00Z') },
    { name: 'schedule manifests alone say nothing about restores', yaml: schedule('') },
  ],
  invalid: [
    { name: 'no restore ever', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-31T02:00:00Z'), errors: [{ messageId: 'untested', resource: 'nightly' }] },
    { name: 'the last restore is too old', yaml: schedule('status:\n  phase: Enabled\n') + restore('2025-01-01T00:00:00Z'), errors: [{ messageId: 'untested', contains: '2025-01-01' }] },
  ],
});
