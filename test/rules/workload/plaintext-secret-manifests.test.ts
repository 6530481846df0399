import rule from '../../../src/rules/workload/plaintext-secret-manifests.js';
import { ruleTester } from '../../support/rule-tester.js';

const SCRAPE = 'LSBqb2JfbmFtZTogInByb21ldGhldXMiCiAgc3RhdGljX2NvbmZpZ3M6CiAgLSB0YXJnZXRzOiBbImxvY2FsaG9zdDo5MDkwIl0K';
const secret = (body: string, type = 'Opaque'): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: ${type}\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'no data', yaml: secret('') },
    { name: 'a service-account-token request without data (the controller fills it in)', yaml: secret('', 'kubernetes.io/service-account-token') },
    { name: 'empty values and unrendered references', yaml: secret('stringData:\n  password: ""\n  user: ${DB_USER}\n  token: "{{ .Values.token }}"\n') },
    {
      name: 'SOPS-encrypted',
      yaml: secret('data:\n  password: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]\nsops:\n  kms: []\n  lastmodified: "2026-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n  version: 3.8.1\n'),
    },
    { name: 'SealedSecret', yaml: 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA==\n' },
    { name: 'a Prometheus scrape config holds no credential (prometheus-operator additional-scrape-configs)', yaml: secret(`data:\n  prometheus-additional.yaml: ${SCRAPE}\n`) },
    { name: 'a service address and settings', yaml: secret('stringData:\n  query.yaml: \'[{"static_configs": ["thanos-query.default.svc.cluster.local"]}]\'\n  host: redis.cache.svc:6379\n  replicas: "3"\n') },
    { name: 'the public half of a TLS Secret', yaml: secret('data:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n  tls.key: ""\n', 'kubernetes.io/tls') },
    { name: 'ExternalSecret', yaml: 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  data:\n    - secretKey: password\n      remoteRef: {key: prod/db}\n' },
  ],
  invalid: [
    { name: 'base64 data', yaml: secret('data:\n  password: aHVudGVyMg==\n'), errors: [{ messageId: 'plaintext', path: '/data', line: 6, severity: 'high', contains: '"password"' }] },
    {
      name: 'stringData and data both, keys listed',
      yaml: secret('stringData:\n  a_password: p1\n  b_password: p2\n  c_token: t3\n  d_secret: s4\n  e_password: p5\n  f_password: p6\n  replicas: "3"\ndata:\n  tls.key: LS0t\n', 'kubernetes.io/tls'),
      errors: [{ messageId: 'plaintext', path: '/stringData', contains: 'and 1 more' }, { messageId: 'plaintext', path: '/data', contains: '"tls.key"' }],
    },
    { name: 'a generated value under a neutral name (kubernetes-goat goatvault)', yaml: secret('data:\n  k8sgoatvaultkey: azhzLWdvYXQtY2QyZGEyNzIyNDU5MWRhMmI0OGVmODM4MjZhOGE2YzM=\n'), errors: [{ messageId: 'plaintext', contains: '"k8sgoatvaultkey"' }] },
    { name: 'a random token under a neutral name', yaml: secret('stringData:\n  value: 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n'), errors: [{ messageId: 'plaintext', contains: '1 plaintext' }] },
    { name: 'a config file with a password in it', yaml: secret('stringData:\n  app.properties: "db.host=ehr-db\\ndb.password=hunter2\\n"\n'), errors: [{ messageId: 'plaintext', contains: '"app.properties"' }] },
    { name: 'a registry credential by its type', yaml: secret('data:\n  .dockerconfigjson: eyJhdXRocyI6e319\n', 'kubernetes.io/dockerconfigjson'), errors: [{ messageId: 'plaintext' }] },
    { name: 'binary content (a keystore) cannot be shown to hold no credential', yaml: secret('data:\n  store: /u3+7QAAAAIAAAAB\n'), errors: [{ messageId: 'plaintext' }] },
    { name: 'a populated legacy token Secret', yaml: secret('data:\n  token: ZXlKaGJHY2k=\n', 'kubernetes.io/service-account-token'), errors: [{ messageId: 'plaintext' }] },
  ],
});
