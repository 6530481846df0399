import rule from '../../../src/rules/workload/plaintext-secret-manifests.js';
import { ruleTester } from '../../support/rule-tester.js';

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
    { name: 'ExternalSecret', yaml: 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  data:\n    - secretKey: password\n      remoteRef: {key: prod/db}\n' },
  ],
  invalid: [
    { name: 'base64 data', yaml: secret('data:\n  password: aHVudGVyMg==\n'), errors: [{ messageId: 'plaintext', path: '/data', line: 6, severity: 'high', contains: '"password"' }] },
    {
      name: 'stringData and data both, keys listed',
      yaml: secret('stringData:\n  a: "1"\n  b: "2"\n  c: "3"\n  d: "4"\n  e: "5"\n  f: "6"\ndata:\n  tls.key: LS0t\n', 'kubernetes.io/tls'),
      errors: [{ messageId: 'plaintext', path: '/stringData', contains: 'and 1 more' }, { messageId: 'plaintext', path: '/data', contains: '"tls.key"' }],
    },
    { name: 'a populated legacy token Secret', yaml: secret('data:\n  token: ZXlKaGJHY2k=\n', 'kubernetes.io/service-account-token'), errors: [{ messageId: 'plaintext' }] },
  ],
});
