import legacyServiceAccountTokens from '../../../src/rules/workload/legacy-service-account-tokens.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docs, namespace } from './workload-yaml.js';

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
