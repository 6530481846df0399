import { ruleTester } from '../../support/rule-tester.js';
import phiVolumeDestruction from '../../../src/rules/cluster/phi-volume-destruction.js';
import { ns, sc, pvc, schedule } from './fixtures.js';

ruleTester(phiVolumeDestruction, {
  valid: [
    { name: 'Retain', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com', '\nreclaimPolicy: Retain') + pvc('p', 'd', 'gp3') },
    { name: 'backed up', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com') + pvc('p', 'd', 'gp3') + schedule('daily', '{}') },
  ],
  invalid: [
    { name: 'default Delete, no backup', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com') + pvc('p', 'd', 'gp3'), errors: [{ messageId: 'reclaimDelete', contains: 'Delete (the default)' }] },
    { name: 'snapshot class', yaml: 'apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata: {name: s}\ndriver: ebs.csi.aws.com\ndeletionPolicy: Delete\n', errors: [{ messageId: 'snapshotDelete', fix: true }] },
  ],
});
