import projectedTokenTtl from '../../../src/rules/workload/projected-token-ttl.js';
import { ruleTester } from '../../support/rule-tester.js';
import { POD_KINDS, workload } from './workload-yaml.js';

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
