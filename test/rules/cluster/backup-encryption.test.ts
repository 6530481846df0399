import { ruleTester } from '../../support/rule-tester.js';
import backupEncryption from '../../../src/rules/cluster/backup-encryption.js';
import { bsl } from './fixtures.js';

ruleTester(backupEncryption, {
  valid: [{ name: 'KMS key', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {region: us-east-1, kmsKeyId: "alias/velero"}}') }],
  invalid: [{ name: 'no key', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {region: us-east-1}}'), errors: [{ messageId: 'noKms', contains: 'bucket b' }] }],
});
