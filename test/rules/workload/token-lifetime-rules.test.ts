import legacyServiceAccountTokens from '../../../src/rules/workload/legacy-service-account-tokens.js';
import projectedTokenTtl from '../../../src/rules/workload/projected-token-ttl.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docs, namespace, POD_KINDS, workload } from './workload-yaml.js';

const projected = (seconds: number | string): string => [
  'containers:', '  - name: app', '    image: app:1.0',
  'volumes:', '  - name: cfg', '    configMap: {name: cfg}',
  '  - name: token', '    projected:', '      sources:', '        - configMap: {name: ca}',
  `        - serviceAccountToken: {audience: vault, expirationSeconds: ${seconds}, path: token}`,
].join('\n');

ruleTester(projectedTokenTtl, {
  valid: [
    { name: 'default lifetime (absent)', yaml: workload('Pod', projected(3600).replace(', expirationSeconds: 3600', '')) },
    { name: 'at the threshold', yaml: workload('Deployment', projected(86400)) },
    { name: 'under a stricter threshold', yaml: workload('Pod', projected(600)), config: { thresholds: { projectedTokenMaxSeconds: 600, streamingIdleTimeoutMaxSeconds: 900, serviceAccountTokenMaxSeconds: 86400, certificateWarnDays: 30 } } },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({ name: `a week-long token in a ${kind}`, yaml: workload(kind, projected(604800)), errors: [{ messageId: 'tooLong', fix: true, severity: 'low' as const, contains: 'valid for 604800s, longer than the 86400s' }] })),
    { name: 'path and line of the field', yaml: workload('Pod', projected(90000)), errors: [{ messageId: 'tooLong', path: '/spec/volumes/1/projected/sources/1/serviceAccountToken/expirationSeconds', line: 18, contains: 'volume "token"' }] },
  ],
});

const tokenSecret = (labels = ''): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci-token\n  namespace: records\n  annotations:\n    kubernetes.io/service-account.name: ci\n${labels}type: kubernetes.io/service-account-token\n`;

ruleTester(legacyServiceAccountTokens, {
  valid: [
    { name: 'ordinary Secret', yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n' },
    { name: 'Secret without type', yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n' },
  ],
  invalid: [
    { name: 'legacy token in a PHI namespace', yaml: docs(namespace('records'), tokenSecret()), errors: [{ messageId: 'legacy', severity: 'high', contains: 'ServiceAccount "ci"' }] },
    { name: 'lowered outside PHI scope', yaml: docs(namespace('records', 'none'), namespace('phi'), tokenSecret()), errors: [{ messageId: 'legacy', severity: 'medium' }] },
    {
      name: 'reports when it was last used, relative to config.now',
      yaml: tokenSecret('  labels:\n    kubernetes.io/legacy-token-last-used: "2026-10-02"\n'),
      errors: [{ messageId: 'lastUsed', contains: 'last used 2026-10-02 (30 days before the scan)', path: '/metadata/labels/kubernetes.io~1legacy-token-last-used' }],
    },
    {
      name: 'an invalidated token is hygiene only',
      yaml: tokenSecret('  labels:\n    kubernetes.io/legacy-token-last-used: "2025-01-02"\n    kubernetes.io/legacy-token-invalid-since: "2026-01-02"\n'),
      errors: [{ messageId: 'invalid', severity: 'low', contains: 'invalidated on 2026-01-02' }],
    },
  ],
});
