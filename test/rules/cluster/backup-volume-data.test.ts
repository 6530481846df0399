import { ruleTester } from '../../support/rule-tester.js';
import backupVolumeData from '../../../src/rules/cluster/backup-volume-data.js';
import { ns, schedule } from './fixtures.js';

ruleTester(backupVolumeData, {
  valid: [{ name: 'fs backup', yaml: ns('p') + schedule('daily', '{snapshotVolumes: false, defaultVolumesToFsBackup: true}') }],
  invalid: [{ name: 'no volume data', yaml: ns('p') + schedule('daily', '{snapshotVolumes: false}'), errors: [{ messageId: 'noVolumes', fix: true }] }],
});
