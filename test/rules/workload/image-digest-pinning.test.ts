import imageDigestPinning from '../../../src/rules/workload/image-digest-pinning.js';
import { ruleTester } from '../../support/rule-tester.js';
import { DIGEST, docs, image, namespace, POD_KINDS, workload } from './workload-yaml.js';

ruleTester(imageDigestPinning, {
  valid: [
    { name: 'pinned', yaml: workload('Deployment', image(`registry.example.com/app:1.0@${DIGEST}`)) },
    { name: 'outside PHI scope', yaml: docs(namespace('tools', 'none'), namespace('phi', 'phi'), workload('Deployment', image('app:1.0'), { namespace: 'tools' })) },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({ name: `tag only in a ${kind}`, yaml: workload(kind, image('app:1.0')), errors: [{ messageId: 'notPinned', severity: 'low' as const }] })),
    { name: 'PHI namespace', yaml: docs(namespace('records'), workload('Deployment', image('app:1.0'), { namespace: 'records' })), errors: [{ messageId: 'notPinned', resource: 'deployment' }] },
    { name: 'malformed digest', yaml: workload('Pod', image('app@sha256:1234')), errors: [{ messageId: 'badDigest', contains: '"sha256:1234"' }] },
  ],
});
