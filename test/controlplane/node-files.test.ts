import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isNodeFileName, parseNodeFile } from '../../src/sources/node-files.js';
import { FIXTURES } from './fixture-scan.js';

const CA = readFileSync(path.join(FIXTURES, 'hardened/etc/kubernetes/pki/ca.crt'), 'utf8');

describe('node files', () => {
  it('recognises PEM certificates, kubelet flags files and .conf kubeconfigs by name', () => {
    for (const f of ['pki/ca.crt', 'x.pem', 'a.cert', '/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet', '/etc/sysconfig/kubelet', 'kubelet.service.d/10-kubeadm.conf', 'admin.conf']) assert.ok(isNodeFileName(f), f);
    for (const f of ['a.yaml', 'notes.txt', 'pki/ca.key', '/etc/default/grub']) assert.ok(!isNodeFileName(f), f);
  });

  it('reads a PEM bundle into a PemCertificate with subject, validity, key and signature, and points at each block', () => {
    const text = `# bundle\n${CA}${CA}`;
    const p = parseNodeFile('/etc/kubernetes/pki/ca.crt', text);
    const r = p?.resources[0];
    assert.equal(r?.ref.kind, 'PemCertificate');
    assert.equal(r?.ref.name, 'ca.crt');
    const certs = r?.object['certificates'] as { subject: string; notAfter: string; publicKey: { type: string; bits: number }; signatureAlgorithm: string; isCA: boolean }[];
    assert.equal(certs.length, 2);
    assert.equal(certs[0]?.subject, 'CN=kubernetes');
    assert.equal(certs[0]?.notAfter, '2036-01-01T00:00:00.000Z');
    assert.deepEqual(certs[0]?.publicKey, { type: 'rsa', bits: 2048 });
    assert.equal(certs[0]?.signatureAlgorithm, 'sha256WithRSAEncryption');
    assert.equal(certs[0]?.isCA, true);
    assert.equal(p?.positions?.get('0#/certificates/1')?.line, 2 + CA.split('\n').length - 1);
  });

  it('never reads a PEM that holds only a private key, and never emits key material', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    const p = parseNodeFile('/etc/kubernetes/pki/sa.pem', key);
    assert.deepEqual(p?.resources, []);
    assert.deepEqual(p?.errors, []);
    const both = parseNodeFile('/x/apiserver.pem', key + CA);
    assert.ok(!JSON.stringify(both?.resources).includes('PRIVATE'));
    assert.equal(both?.resources.length, 1);
  });

  it('reports an unreadable certificate block with its line', () => {
    const p = parseNodeFile('bad.crt', 'x\n-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n');
    assert.equal(p?.errors[0]?.line, 2);
    assert.match(p?.errors[0]?.message ?? '', /not a readable X\.509 certificate/);
  });

  it('reads kubeadm-flags.env, systemd drop-ins and /etc/default/kubelet into KubeletFlags with positions', () => {
    const env = parseNodeFile('/var/lib/kubelet/kubeadm-flags.env', 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd.sock --read-only-port 10255"\n');
    assert.deepEqual(env?.resources[0]?.object['args'], ['--container-runtime-endpoint=unix:///run/containerd.sock', '--read-only-port']);
    const dropin = parseNodeFile('/etc/systemd/system/kubelet.service.d/10-kubeadm.conf', '[Service]\nEnvironment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS --v=2\n');
    assert.deepEqual(dropin?.resources[0]?.object['args'], ['--config=/var/lib/kubelet/config.yaml', '--v=2']);
    assert.equal(dropin?.resources[0]?.object['source'], 'systemd-dropin');
    assert.equal(dropin?.positions?.get('0#/args/1')?.line, 4);
    const def = parseNodeFile('/etc/default/kubelet', '# extra\nKUBELET_EXTRA_ARGS=--anonymous-auth=true\n');
    assert.equal(def?.resources[0]?.object['source'], 'default-kubelet');
    assert.equal(def?.positions?.get('0#/args/0')?.line, 2);
  });

  it('sends YAML .conf files (kubeconfigs) through the manifest parser', () => {
    const p = parseNodeFile('/etc/kubernetes/admin.conf', 'apiVersion: v1\nkind: Config\nusers: []\n');
    assert.equal(p?.resources[0]?.ref.kind, 'Config');
    assert.equal(p?.positions, undefined);
  });
});
