import allowedRegistries from '../../../src/rules/workload/allowed-registries.js';
import { ruleTester } from '../../support/rule-tester.js';
import { image, POD_KINDS, workload } from './workload-yaml.js';

const allow = { allowedRegistries: ['registry.example.com/phi', 'docker.io/library'] };
ruleTester(allowedRegistries, {
  valid: [
    { name: 'no allow-list: any registry but deprecated ones', yaml: workload('Pod', image('quay.io/x/y:1')) },
    { name: 'allowed host and path prefix', yaml: workload('Deployment', image('registry.example.com/phi/api:1.0'), {}), config: allow },
    { name: 'bare name resolves to docker.io/library', yaml: workload('Pod', image('nginx:1.25')), config: allow },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({ name: `deprecated k8s.gcr.io in a ${kind}`, yaml: workload(kind, image('k8s.gcr.io/pause:3.2')), errors: [{ messageId: 'deprecated', fix: true }] })),
    { name: 'deprecated even when allow-listed', yaml: workload('Pod', image('k8s.gcr.io/pause:3.2')), config: { allowedRegistries: ['k8s.gcr.io'] }, errors: [{ messageId: 'deprecated' }] },
    { name: 'path prefix must match whole segments', yaml: workload('Pod', image('registry.example.com/phi-test/api:1')), config: allow, errors: [{ messageId: 'notAllowed', contains: 'registry.example.com/phi-test/api' }] },
    { name: 'Docker Hub user images are not library images', yaml: workload('Pod', image('bitnami/redis:7')), config: allow, errors: [{ messageId: 'notAllowed', contains: 'docker.io/bitnami/redis' }] },
  ],
});
