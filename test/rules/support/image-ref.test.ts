import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImage, registryAllows } from '../../../src/rules/support/image-ref.js';
import { DIGEST } from '../workload/workload-yaml.js';

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
