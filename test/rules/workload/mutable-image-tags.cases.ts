import type { RuleCases } from '../../support/rule-tester.js';
import { DIGEST, image, POD_KINDS, workload } from './workload-yaml.js';

export const cases: RuleCases = {
  valid: [
    { name: 'fixed tag', yaml: workload('Pod', image('nginx:v1.2.3')) },
    { name: 'digest-pinned, even with latest', yaml: workload('Deployment', image(`nginx:latest@${DIGEST}`)) },
    { name: 'registry port is not a tag', yaml: workload('Pod', image('localhost:5000/app:1.0')) },
    { name: 'no image (set by kustomize later)', yaml: workload('Pod', 'containers:\n  - name: app') },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({ name: `untagged in a ${kind}`, yaml: workload(kind, image('nginx')), errors: [{ messageId: 'noTag', severity: 'medium' as const }] })),
    { name: ':latest', yaml: workload('Pod', image('nginx:latest')), errors: [{ messageId: 'latest', path: '/spec/containers/0/image', line: 10 }] },
    { name: 'registry with port and no tag', yaml: workload('Pod', image('registry.local:5000/app')), errors: [{ messageId: 'noTag' }] },
    { name: 'init container with :LATEST', yaml: workload('Job', `initContainers:\n  - name: init\n    image: busybox:LATEST\n${image('app:1')}`), errors: [{ messageId: 'latest', contains: '"init"' }] },
  ],
};
