import { ruleTester } from '../../support/rule-tester.js';
import backupOffCluster from '../../../src/rules/cluster/backup-off-cluster.js';
import { schedule, bsl } from './fixtures.js';

ruleTester(backupOffCluster, {
  valid: [{ name: 'S3 and 30 days', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {region: us-east-1}}') + schedule('daily', '{ttl: 720h0m0s}') }],
  invalid: [
    { name: 'in-cluster MinIO', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {s3Url: "http://minio.velero.svc:9000"}}'), errors: [{ messageId: 'inCluster' }] },
    { name: 'one week', yaml: schedule('daily', '{ttl: 168h0m0s}'), errors: [{ messageId: 'shortTtl', fix: true }] },
  ],
});
