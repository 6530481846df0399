import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../support/rule-tester.js';
import { cronIntervalHours } from '../../../src/rules/support/cron-interval.js';
import recentSuccessfulBackup from '../../../src/rules/live/recent-successful-backup.js';
import { schedule, backup } from './fixtures.js';

ruleTester(recentSuccessfulBackup, {
  valid: [
    { name: 'a schedule manifest without status is not judged', yaml: schedule('') },
    { name: 'an older failure followed by a success', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Failed', '2026-10-30T02:00:00Z') + backup('b2', 'Completed', '2026-10-31T02:00:00Z') },
  ],
  invalid: [
    { name: 'the newest backup failed', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-30T02:00:00Z') + backup('b2', 'Failed', '2026-10-31T02:00:00Z'), errors: [{ messageId: 'failed', resource: 'b2' }] },
    { name: 'the last success is older than twice the interval', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-25T02:00:00Z'), errors: [{ messageId: 'stale', resource: 'nightly' }] },
    { name: 'an enabled schedule that never completed a backup', yaml: schedule('status:\n  phase: Enabled\n'), errors: [{ messageId: 'never' }] },
    { name: 'status says a backup ran but none completed', yaml: schedule('status:\n  phase: Enabled\n  lastBackup: "2026-10-20T02:00:00Z"\n'), errors: [{ messageId: 'stale' }] },
  ],
});

describe('cron intervals', () => {
  it('reads the usual Velero schedules', () => {
    assert.equal(cronIntervalHours('0 2 * * *'), 24);
    assert.equal(cronIntervalHours('0 */6 * * *'), 6);
    assert.equal(cronIntervalHours('0 1 * * 0'), 168);
    assert.equal(cronIntervalHours('@every 12h'), 12);
    assert.equal(cronIntervalHours('@daily'), 24);
    assert.equal(cronIntervalHours('nonsense'), undefined);
  });
});
