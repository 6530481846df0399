import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ScanConfig } from '../../src/core/config.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { Finding } from '../../src/core/finding.js';
import { partsOf } from '../../src/core/finding.js';
import { defineRule } from '../../src/core/rule.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { requireCorpus } from '../support/corpus.js';

const config: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };

const scan = (text: string, file = 'case.yaml'): ReturnType<typeof evaluateTexts> => evaluateTexts([{ file, text }], RULES, config);
const controlsOf = (f: Finding): string[] => [...new Set(partsOf(f).map((p) => p.control))].sort();
const namespace = (name: string, labels = '{phiguard.dev/scope: phi}'): string => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n---\n`;

// Two controls that report the same cause (and one that reports another), to test the engine on its own.
const rule = (id: string, cause: string | undefined, severity?: 'low' | 'critical') => defineRule({
  meta: { id, slug: id, needs: 'workloads', messages: { m: `${id} on {{name}}` } },
  create: (ctx) => ({
    podSpec(p) {
      ctx.report({ resource: p.resource, path: '/spec', messageId: 'm', data: { name: p.resource.ref.name }, ...(cause ? { cause: `${cause}|${p.namespace}` } : {}), ...(severity ? { severity } : {}) });
    },
  }),
});
const pods = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n}\nspec: {containers: [{name: c, image: "x:1"}]}\n---\n' +
  'apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: n}\nspec: {containers: [{name: c, image: "x:1"}]}\n';

describe('one root cause, one finding', () => {
  it('folds findings of one cause into the most severe, lists the rest, and keeps each control failing', () => {
    const r = evaluateTexts([{ file: 'p.yaml', text: pods }], [rule('HK-PS-003', 'c', 'low'), rule('HK-PS-004', 'c', 'critical'), rule('HK-PS-006', undefined)], config);
    const grouped = r.findings.filter((f) => f.related);
    assert.equal(grouped.length, 1);
    const [f] = grouped;
    assert.equal(f?.control, 'HK-PS-004');
    assert.equal(f?.severity, 'critical');
    assert.deepEqual(f && partsOf(f).map((p) => `${p.control} ${p.resource?.name ?? ''}`).sort(), ['HK-PS-003 a', 'HK-PS-003 b', 'HK-PS-004 a', 'HK-PS-004 b']);
    assert.ok(f?.related?.every((x) => x.location?.file === 'p.yaml' && x.location.line > 0), 'related findings keep their location');
    // Without a cause nothing is merged.
    assert.equal(r.findings.filter((x) => x.control === 'HK-PS-006').length, 2);
    assert.equal(r.summary.findings, r.findings.length);
    for (const id of ['HK-PS-003', 'HK-PS-004', 'HK-PS-006']) assert.equal(r.controls.find((c) => c.id === id)?.status, 'fail', id);
  });

  it('one ClusterRoleBinding to cluster-admin is one finding that lists every grant (kubernetes-goat insecure-rbac)', (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    const file = path.join(corpus, 'kubernetes-goat', 'scenarios', 'insecure-rbac', 'setup.yaml');
    const r = scan(readFileSync(file, 'utf8'), file);
    const onBinding = r.findings.filter((f) => partsOf(f).some((p) => p.resource?.kind === 'ClusterRoleBinding' && p.resource.name === 'superadmin'));
    assert.equal(onBinding.length, 1, onBinding.map((f) => f.control).join(', '));
    assert.equal(onBinding[0]?.control, 'HK-AC-002');
    assert.deepEqual(onBinding[0] && controlsOf(onBinding[0]), ['HK-AC-002', 'HK-AC-004', 'HK-AC-005', 'HK-AC-006', 'HK-AC-007', 'HK-AC-008', 'HK-AC-009', 'HK-TM-003']);
    for (const id of ['HK-AC-004', 'HK-AC-005', 'HK-AC-009']) assert.equal(r.controls.find((c) => c.id === id)?.status, 'fail', id);
  });

  it('one namespace without policy or Pod Security label: NW-001/002/003/010 are one finding, PS-001 and PS-014 another', () => {
    const r = scan(namespace('p') + 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: p}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: "app:1"}]}\n');
    const netpol = r.findings.filter((f) => partsOf(f).some((p) => p.control.startsWith('HK-NW-')));
    assert.equal(netpol.length, 1);
    assert.deepEqual(netpol[0] && controlsOf(netpol[0]), ['HK-NW-001', 'HK-NW-002', 'HK-NW-003', 'HK-NW-010']);
    const psa = r.findings.filter((f) => partsOf(f).some((p) => p.control === 'HK-PS-001' || p.control === 'HK-PS-014'));
    assert.equal(psa.length, 1);
    assert.deepEqual(psa[0] && controlsOf(psa[0]), ['HK-PS-001', 'HK-PS-014']);
  });

  it('one hostPath volume is one finding for PS-005, PS-013 and EN-008', () => {
    const r = scan(namespace('p') + 'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: p}\nspec:\n  volumes: [{name: data, hostPath: {path: /srv/data}}]\n  containers: [{name: c, image: "db:1", volumeMounts: [{name: data, mountPath: /data}]}]\n');
    const vol = r.findings.filter((f) => partsOf(f).some((p) => ['HK-PS-005', 'HK-PS-013', 'HK-EN-008'].includes(p.control)));
    assert.equal(vol.length, 1);
    assert.equal(vol[0]?.control, 'HK-PS-005');
    assert.deepEqual(vol[0] && controlsOf(vol[0]), ['HK-EN-008', 'HK-PS-005', 'HK-PS-013']);
  });

  it('workloads on one ServiceAccount in a shared namespace: one finding per cause, each listing its workloads', () => {
    const deploy = (name: string): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: default}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: "app:1"}]}\n---\n`;
    const r = scan(namespace('default') + deploy('a') + deploy('b') + deploy('c'));
    const sa = r.findings.filter((f) => partsOf(f).some((p) => p.control === 'HK-ID-012'));
    assert.equal(sa.length, 1);
    assert.deepEqual(sa[0] && controlsOf(sa[0]), ['HK-AC-010', 'HK-AC-011', 'HK-ID-012']);
    assert.deepEqual(sa[0] && [...new Set(partsOf(sa[0]).map((p) => p.resource?.name))].sort(), ['a', 'b', 'c']);
    assert.equal(r.findings.filter((f) => f.control === 'HK-AC-014').length, 1);
  });

  it('hygiene findings are advisory: reported, but the control passes and says why', () => {
    const r = scan('apiVersion: v1\nkind: Namespace\nmetadata: {name: ehr, labels: {phiguard.dev/scope: phi, pod-security.kubernetes.io/enforce: restricted}}\n');
    const f = r.findings.find((x) => x.control === 'HK-PS-001');
    assert.equal(f?.advisory, true);
    assert.equal(f?.severity, 'low');
    const status = r.controls.find((c) => c.id === 'HK-PS-001');
    assert.equal(status?.status, 'pass');
    assert.match(status?.reason ?? '', /requirement met; 1 advisory finding/);
    // Not enforcing restricted still fails.
    const bad = scan('apiVersion: v1\nkind: Namespace\nmetadata: {name: ehr, labels: {phiguard.dev/scope: phi, pod-security.kubernetes.io/enforce: baseline}}\n');
    assert.equal(bad.controls.find((c) => c.id === 'HK-PS-001')?.status, 'fail');
  });
});
