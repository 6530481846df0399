import { ruleTester } from '../../support/rule-tester.js';
import encryptedStorageClass from '../../../src/rules/cluster/encrypted-storage-class.js';
import { ns, sc, pvc } from './fixtures.js';

ruleTester(encryptedStorageClass, {
  valid: [
    { name: 'encrypted EBS', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com', '\nparameters: {encrypted: "true"}') + pvc('p', 'data', 'gp3') },
    { name: 'GKE PD always encrypted', yaml: ns('p') + sc('std', 'pd.csi.storage.gke.io') + pvc('p', 'data', 'std') },
  ],
  invalid: [
    { name: 'EBS without flag', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com') + pvc('p', 'data', 'gp3'), errors: [{ messageId: 'unencrypted', path: '/spec/storageClassName' }] },
    { name: 'unknown provisioner', yaml: ns('p') + sc('nfs', 'example.com/nfs') + pvc('p', 'data', 'nfs'), errors: [{ messageId: 'evidence', severity: 'low' }] },
  ],
});
