import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeResource } from '../../src/core/resource.js';
import { auditRules, connectBlindness, decide, humanUser } from '../../src/controlplane/audit-policy.js';
import { parseGoDuration } from '../../src/controlplane/duration.js';
import { encryptionEntries, entryFor, gradeProvider } from '../../src/controlplane/encryption.js';
import { resourcesAtPath, sharedSuffix } from '../../src/controlplane/file-match.js';
import { parseFlags } from '../../src/controlplane/flags.js';
import { gradeCiphers } from '../../src/controlplane/tls.js';
import type { JsonObject } from '../../src/core/resource.js';

function res(object: JsonObject, file = 'x.yaml'): KubeResource {
  return { ref: { apiVersion: String(object['apiVersion']), kind: String(object['kind']), name: 'x' }, object, origin: { file, doc: 0, line: 1, pointer: '' } };
}

describe('flags', () => {
  it('reads --flag=value and --flag value, keeps the last occurrence, and does not swallow a token after a boolean', () => {
    const t = (xs: string[]) => xs.map((text, i) => ({ text, path: `/args/${i}` }));
    const f = parseFlags(t(['--a=1', '--b', 'two', '--profiling', '--c=x', '--a=3', '-v=2']));
    assert.equal(f.get('a')?.value, '3');
    assert.equal(f.get('a')?.path, '/args/5');
    assert.equal(f.get('b')?.value, 'two');
    assert.equal(f.get('profiling')?.value, 'true');
    assert.equal(f.get('c')?.value, 'x');
    assert.equal(f.get('v')?.value, '2');
  });
  it('parses Go durations', () => {
    assert.equal(parseGoDuration('4h0m0s'), 14400);
    assert.equal(parseGoDuration('15m'), 900);
    assert.equal(parseGoDuration('1.5h'), 5400);
    assert.equal(parseGoDuration('0s'), 0);
    assert.equal(parseGoDuration('forever'), undefined);
  });
});

describe('EncryptionConfiguration semantics', () => {
  const cfg = (resources: JsonObject[]) => encryptionEntries(res({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources }));
  it('the first matching entry decides, even when a later entry names secrets explicitly', () => {
    const entries = cfg([
      { resources: ['*.'], providers: [{ identity: {} }] },
      { resources: ['secrets'], providers: [{ kms: { apiVersion: 'v2', name: 'k' } }] },
    ]);
    assert.equal(entryFor(entries, 'secrets')?.providers[0]?.name, 'identity');
  });
  it('matches *.group and *.* wildcards and group-qualified names', () => {
    const entries = cfg([
      { resources: ['deployments.apps'], providers: [{ secretbox: {} }] },
      { resources: ['*.fhir.example.org'], providers: [{ aesgcm: {} }] },
      { resources: ['*.*'], providers: [{ aescbc: {} }] },
    ]);
    assert.equal(entryFor(entries, 'deployments', 'apps')?.providers[0]?.name, 'secretbox');
    assert.equal(entryFor(entries, 'patients', 'fhir.example.org')?.providers[0]?.name, 'aesgcm');
    assert.equal(entryFor(entries, 'secrets')?.providers[0]?.name, 'aescbc');
    assert.equal(entryFor(cfg([{ resources: ['configmaps'], providers: [] }]), 'secrets'), undefined);
  });
  it('grades providers: kms v2 and secretbox pass; kms v1, aesgcm and aescbc are weak; identity is plaintext', () => {
    const first = (p: JsonObject) => cfg([{ resources: ['secrets'], providers: [p] }])[0]?.providers[0];
    const g = (p: JsonObject) => { const x = first(p); assert.ok(x); return gradeProvider(x).weakness; };
    assert.equal(g({ kms: { apiVersion: 'v2', name: 'k' } }), undefined);
    assert.equal(g({ kms: { name: 'k' } }), 'weak');
    assert.equal(g({ secretbox: {} }), undefined);
    assert.equal(g({ aesgcm: {} }), 'weak');
    assert.equal(g({ aescbc: {} }), 'weak');
    assert.equal(g({ identity: {} }), 'plaintext');
  });
});

describe('audit Policy simulation', () => {
  const policy = (rules: JsonObject[]) => auditRules(res({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules }));
  const req = { user: humanUser(), verb: 'get', group: '', resource: 'pods', subresource: 'exec', namespace: 'patients', name: 'p' };
  it('first match wins: an early broad None rule shadows a later RequestResponse rule', () => {
    const rules = policy([
      { level: 'None', namespaces: ['patients'] },
      { level: 'RequestResponse', resources: [{ group: '', resources: ['pods/exec'] }] },
    ]);
    const d = decide(rules, [], req);
    assert.equal(d.level, 'None');
    assert.equal(d.rule?.index, 0);
  });
  it('matches pods/*, */exec, * and the core group only when group is empty', () => {
    for (const r of ['pods/*', '*/exec', '*', 'pods/exec']) assert.equal(decide(policy([{ level: 'Metadata', resources: [{ group: '', resources: [r] }] }]), [], req).level, 'Metadata', r);
    assert.equal(decide(policy([{ level: 'Metadata', resources: [{ group: 'apps', resources: ['*'] }] }]), [], req).level, 'None');
    assert.equal(decide(policy([{ level: 'Metadata', resources: [{ group: '', resources: ['pods'] }] }]), [], req).level, 'None', 'pods does not cover pods/exec');
  });
  it('a rule that names only non-resource URLs never matches a resource request; no match means None', () => {
    assert.equal(decide(policy([{ level: 'Metadata', nonResourceURLs: ['/api*'] }]), [], req).level, 'None');
    assert.equal(decide(policy([]), [], req).rule, undefined);
  });
  it('users, userGroups and verbs must all match', () => {
    const rules = policy([{ level: 'Request', userGroups: ['oncall'], verbs: ['create'] }, { level: 'Metadata' }]);
    assert.equal(decide(rules, [], req).level, 'Metadata');
    assert.equal(decide(rules, [], { ...req, verb: 'create', user: { name: 'a', groups: ['oncall'] } }).level, 'Request');
  });
  it('exec stays visible unless both start stages (or both outcome stages) are omitted', () => {
    assert.equal(connectBlindness(new Set(['RequestReceived'])), undefined);
    assert.match(connectBlindness(new Set(['RequestReceived', 'ResponseStarted'])) ?? '', /only when it ends/);
    assert.match(connectBlindness(new Set(['ResponseStarted', 'ResponseComplete'])) ?? '', /allowed/);
  });
});

describe('TLS and file matching', () => {
  it('separates broken suites from AEAD suites without forward secrecy', () => {
    const g = gradeCiphers(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']);
    assert.deepEqual(g.noForwardSecrecy, ['TLS_RSA_WITH_AES_128_GCM_SHA256']);
    assert.deepEqual(g.insecure, ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']);
  });
  it('matches a node path to the scanned copy with the longest shared suffix', () => {
    assert.equal(sharedSuffix('/etc/kubernetes/enc/enc.yaml', 'backup/node1/etc/kubernetes/enc/enc.yaml'), 4);
    const a = res({ apiVersion: 'v1', kind: 'X' }, 'copy/other/enc.yaml');
    const b = res({ apiVersion: 'v1', kind: 'X' }, 'copy/etc/kubernetes/enc/enc.yaml');
    assert.deepEqual(resourcesAtPath('/etc/kubernetes/enc/enc.yaml', [a, b]), [b]);
    assert.deepEqual(resourcesAtPath('/etc/kubernetes/missing.yaml', [a, b]), []);
  });
});
