import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import allowedRegistries from '../../../src/rules/workload/allowed-registries.js';
import imageDigestPinning from '../../../src/rules/workload/image-digest-pinning.js';
import { parseImage, registryAllows } from '../../../src/rules/support/image-ref.js';
import mutableImageTags from '../../../src/rules/workload/mutable-image-tags.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases as mutableImageTagCases, DIGEST, image } from './mutable-image-tags.cases.js';
import { docs, namespace, POD_KINDS, workload } from './workload-yaml.js';


describe('image references', () => {
  it('splits registry, repository, tag and digest like the runtime', () => {
    assert.deepEqual(parseImage('nginx'), { raw: 'nginx', registry: 'docker.io', repository: 'library/nginx' });
    assert.deepEqual(parseImage('library/nginx:1.25'), { raw: 'library/nginx:1.25', registry: 'docker.io', repository: 'library/nginx', tag: '1.25' });
    assert.deepEqual(parseImage('localhost:5000/app'), { raw: 'localhost:5000/app', registry: 'localhost:5000', repository: 'app' });
    assert.deepEqual(parseImage(`registry.example.com:443/team/app:v2@${DIGEST}`),
      { raw: `registry.example.com:443/team/app:v2@${DIGEST}`, registry: 'registry.example.com:443', repository: 'team/app', tag: 'v2', digest: DIGEST });
    assert.equal(parseImage('index.docker.io/bitnami/redis')?.registry, 'docker.io');
    assert.equal(parseImage(''), undefined);
  });

  it('matches allow-list prefixes on whole path segments', () => {
    const ref = (s: string) => { const r = parseImage(s); assert.ok(r); return r; };
    assert.ok(registryAllows('docker.io', ref('nginx')));
    assert.ok(registryAllows('docker.io/library', ref('nginx:1.25')));
    assert.ok(registryAllows('library/nginx', ref('nginx')));
    assert.ok(registryAllows('ghcr.io/acme', ref('ghcr.io/acme/api:1')));
    assert.ok(!registryAllows('ghcr.io/acme', ref('ghcr.io/acme-evil/api:1')));
    assert.ok(!registryAllows('registry.example.com', ref('registry.example.com.evil.io/app:1')));
    assert.ok(registryAllows('*.azurecr.io', ref('phi.azurecr.io/app:1')));
    assert.ok(!registryAllows('*.azurecr.io', ref('azurecr.io.evil.com/app:1')));
    assert.ok(registryAllows('https://registry.example.com/', ref('registry.example.com/app:1')));
  });
});

ruleTester(mutableImageTags, mutableImageTagCases);

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
