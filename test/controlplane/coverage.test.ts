import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateAuditPolicy, generateEncryptionConfig } from '../../src/controlplane/generate.js';
import { CP_IDS, fixtureInputs, scan } from './fixture-scan.js';

describe('control-plane coverage and provider handling', () => {
  it('with no control-plane files every control-plane control is not-evaluated and names the file that would evaluate it', () => {
    const r = scan([{ file: 'app.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: patients\n' }]);
    const mine = r.controls.filter((c) => CP_IDS.has(c.id));
    assert.equal(mine.length, 36);
    for (const c of mine) assert.equal(c.status, 'not-evaluated', c.id);
    assert.match(mine.find((c) => c.id === 'HK-AU-001')?.reason ?? '', /kube-apiserver static Pod manifest \(\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml\)/);
  });

  it('a flag naming a file that was not given leaves its controls not-evaluated with "give <path>"', () => {
    const inputs = fixtureInputs('hardened').filter((i) => !i.file.includes('/enc/') && !i.file.includes('/audit/'));
    const r = scan(inputs);
    for (const id of ['HK-EN-002', 'HK-EN-003', 'HK-EN-004', 'HK-EN-006']) {
      const c = r.controls.find((x) => x.id === id);
      assert.equal(c?.status, 'not-evaluated', id);
      assert.match(c?.reason ?? '', /give \/etc\/kubernetes\/enc\/encryption-config\.yaml/);
    }
    assert.match(r.controls.find((x) => x.id === 'HK-AU-003')?.reason ?? '', /give \/etc\/kubernetes\/audit\/audit-policy\.yaml/);
    assert.equal(r.controls.find((x) => x.id === 'HK-EN-001')?.status, 'pass');
  });

  it('--provider marks what the provider runs as not-applicable with the reason; EKS 1.28+ encrypts by default', () => {
    const r = scan([], { provider: 'eks', kubernetesVersion: '1.30' });
    const status = (id: string) => r.controls.find((c) => c.id === id);
    assert.equal(status('HK-EN-001')?.status, 'not-applicable');
    assert.match(status('HK-EN-001')?.reason ?? '', /EKS 1\.28\+ envelope-encrypts/);
    assert.equal(status('HK-AU-001')?.status, 'not-applicable');
    assert.match(status('HK-AU-001')?.reason ?? '', /provider-managed: Amazon EKS runs kube-apiserver/);
    // The kubelet runs on customer nodes: still needs its config.
    assert.equal(status('HK-ID-007')?.status, 'not-evaluated');
    const old = scan([], { provider: 'eks', kubernetesVersion: '1.27' });
    assert.equal(old.controls.find((c) => c.id === 'HK-EN-001')?.status, 'not-evaluated');
  });

  it('the generated audit policy and encryption config pass every control they touch', () => {
    const r = scan([
      { file: '/ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ehr\n  labels:\n    phiguard.dev/scope: phi\n' },
      { file: '/audit.yaml', text: generateAuditPolicy({ phiNamespaces: ['ehr'], breakGlassGroups: ['emergency'] }) },
      { file: '/enc.yaml', text: generateEncryptionConfig() },
    ], { breakGlassGroups: ['emergency'] });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.findings.map((f) => `${f.control} ${f.message}`), []);
    for (const id of ['HK-AU-003', 'HK-AU-004', 'HK-AU-005', 'HK-EA-003', 'HK-EN-002', 'HK-EN-003', 'HK-EN-004', 'HK-EN-006']) {
      assert.equal(r.controls.find((c) => c.id === id)?.status, 'pass', id);
    }
  });

  it('the generated audit policy without break-glass groups fails HK-EA-003 once a group is known', () => {
    const r = scan([{ file: '/audit.yaml', text: generateAuditPolicy({ phiNamespaces: [], breakGlassGroups: [] }) }], { breakGlassGroups: ['emergency'] });
    assert.ok(r.findings.some((f) => f.control === 'HK-EA-003' && f.message.includes('"emergency"')));
  });
});
