import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CP_IDS, fixtureInputs, scan, summary } from './fixture-scan.js';

describe('control-plane fixtures', () => {
  it('hardened: raises no control-plane finding, and every control it can evaluate passes', () => {
    const r = scan(fixtureInputs('hardened'));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.findings.map((f) => `${f.control} ${f.message}`), []);
    const statuses = r.controls.filter((c) => CP_IDS.has(c.id)).map((c) => `${c.id} ${c.status}`);
    // Bootstrap tokens are live-cluster Secrets: not in a node's files.
    assert.deepEqual(statuses.filter((s) => !s.endsWith(' pass')), ['HK-ID-006 not-evaluated']);
  });

  it('hardened: kubelet flags files and the KubeletConfiguration they name are read as one kubelet', () => {
    const r = scan(fixtureInputs('hardened'));
    const kinds = r.parsed.resources.map((x) => x.ref.kind);
    assert.equal(kinds.filter((k) => k === 'KubeletFlags').length, 2);
    assert.equal(kinds.filter((k) => k === 'PemCertificate').length, 3);
    assert.ok(kinds.includes('Config'), 'the .conf kubeconfig is read as YAML');
  });

  it('kubeadm defaults: raises exactly the known gaps of a stock kubeadm 1.31 control plane', () => {
    const r = scan(fixtureInputs('kubeadm'));
    assert.deepEqual(r.errors, []);
    const api = '/etc/kubernetes/manifests/kube-apiserver.yaml:14';
    assert.deepEqual(summary(r), [
      `HK-AU-001 ${api}`,
      'HK-AV-003 /var/lib/kubelet/config.yaml:1',
      'HK-EA-004 /etc/kubernetes/super-admin.conf:18',
      `HK-EN-001 ${api}`,
      `HK-ID-001 ${api}`,
      `HK-ID-003 ${api}`,
      `HK-ID-009 ${api}`,
      'HK-LO-001 /var/lib/kubelet/config.yaml:43',
      `HK-LO-002 ${api}`,
      `HK-LO-002 ${api}`,
      'HK-LO-005 /etc/kubernetes/admin.conf:18',
      'HK-LO-005 /etc/kubernetes/super-admin.conf:18',
      `HK-PS-002 ${api}`,
      '/etc/kubernetes/manifests/etcd.yaml:14',
      `${api}`,
      '/var/lib/kubelet/config.yaml:1',
      `HK-TX-005 ${api}`,
      'HK-TX-007 /var/lib/kubelet/config.yaml:1',
    ].map((s) => (s.startsWith('/') ? `HK-TX-004 ${s}` : s)).sort());
    const streaming = r.findings.find((f) => f.control === 'HK-LO-001');
    assert.match(streaming?.message ?? '', /never closes idle .* \(streamingConnectionIdleTimeout: 0s\)/);
    // Without an audit policy file the policy controls cannot be judged: not-evaluated, never pass.
    const au3 = r.controls.find((c) => c.id === 'HK-AU-003');
    assert.equal(au3?.status, 'not-evaluated');
    assert.match(au3?.reason ?? '', /audit-policy-file/);
  });

  it('k3s-style (RKE2 layout): args with "--flag value", JSON EncryptionConfiguration, the stock "level: None" audit policy', () => {
    const r = scan(fixtureInputs('k3s-style'));
    assert.deepEqual(r.errors, []);
    const got = summary(r);
    const has = (s: string): boolean => got.includes(s);
    assert.ok(has('HK-AU-003 /etc/rancher/rke2/audit-policy.yaml:6'), got.join('\n'));
    assert.ok(has('HK-EN-003 /var/lib/rancher/rke2/server/cred/encryption-config.json:9'), got.join('\n'));
    assert.ok(has('HK-EN-006 /var/lib/rancher/rke2/server/cred/encryption-config.json:10'), got.join('\n'));
    assert.ok(has('HK-AC-016 /etc/default/kubelet:2'), got.join('\n'));
    const au3 = r.findings.filter((f) => f.control === 'HK-AU-003').map((f) => f.message);
    assert.ok(au3.some((m) => m.startsWith('Audit rule #1 (level None) hides Secret reads') && m.includes('covers 0 of 22')), au3.join('\n'));
    const en3 = r.findings.find((f) => f.control === 'HK-EN-003');
    assert.match(en3?.message ?? '', /aescbc: accepted by CIS 1\.2\.28 but rated weak/);
    assert.ok(!got.some((s) => s.startsWith('HK-EN-002')), 'aescbc first is encryption, not identity');
  });
});
