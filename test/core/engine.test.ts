import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanConfig } from '../../src/core/config.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { defineRule } from '../../src/core/rule.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';

const config: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };

// A test rule on a real catalog control: flags every container named "bad".
const probe = defineRule({
  meta: { id: 'HK-PS-003', slug: 'probe', needs: 'workloads', messages: { bad: 'container {{name}} is bad' } },
  create: (ctx) => ({
    container(c) {
      if (c.name === 'bad') ctx.report({ resource: c.pod.resource, path: `${c.path}/name`, messageId: 'bad', data: { name: c.name } });
    },
  }),
});

const ns = (name: string, labels: Record<string, string>): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n')}\n`;
const deploy = (name: string, namespace: string, podLabels = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  template:
    metadata:
      labels:
        app: ${name}${podLabels}
    spec:
      containers:
      - name: bad
        image: x:1
`;

function run(yaml: string, extra: Partial<ScanConfig> = {}): ReturnType<typeof evaluateTexts> {
  return evaluateTexts([{ file: 'in.yaml', text: yaml }], [probe], { ...config, ...extra });
}

describe('engine', () => {
  it('reports against the owning workload at the line of the field, with catalog metadata', () => {
    const r = run(deploy('api', 'ehr'));
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.deepEqual(f.resource, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'ehr' });
    assert.equal(f.location?.line, 13);
    assert.equal(f.title, 'Privileged containers');
    assert.deepEqual(f.hipaa, ['164.312(a)(1)', '164.312(c)(1)']);
    assert.equal(f.severity, 'critical');
    assert.ok(f.remediation.length > 0);
  });

  it('treats everything as PHI when no scope is declared', () => {
    const r = run(deploy('api', 'ops'));
    assert.equal(r.scope.undeclared, true);
    assert.equal(r.findings[0]?.phi, true);
    assert.equal(r.findings[0]?.severity, 'critical');
  });

  it('lowers severity one level outside PHI scope and keeps it inside', () => {
    const r = run([ns('ehr', { 'phiguard.dev/scope': 'phi' }), ns('ops', { 'phiguard.dev/scope': 'none' }), deploy('api', 'ehr'), deploy('tool', 'ops')].join('---\n'));
    const by = new Map(r.findings.map((f) => [f.resource?.name, f]));
    assert.equal(by.get('api')?.severity, 'critical');
    assert.equal(by.get('api')?.phi, true);
    assert.equal(by.get('tool')?.severity, 'high');
    assert.equal(by.get('tool')?.phi, false);
  });

  it('resolves scope from workload label, namespace alias and config, in that order', () => {
    const yaml = [
      ns('billing', { 'data-classification': 'phi' }),
      ns('ops', { 'phiguard.dev/scope': 'none' }),
      deploy('a', 'billing'),
      deploy('b', 'ops', '\n        phiguard.dev/phi: "true"'),
      deploy('c', 'claims'),
      deploy('d', 'ops'),
    ].join('---\n');
    const r = run(yaml, { phiNamespaces: { names: [], patterns: ['clai.*'], selectors: [] } });
    const phi = Object.fromEntries(r.findings.map((f) => [f.resource?.name, f.phi]));
    assert.deepEqual(phi, { a: true, b: true, c: true, d: false });
    assert.deepEqual(r.scope.namespaces.find((n) => n.name === 'billing'), { name: 'billing', level: 'phi', source: 'namespace-alias', alias: 'data-classification=phi' });
  });

  it('honours exception annotations until they expire, and reports expired and unused waivers', () => {
    const waived = deploy('api', 'ehr').replace('  namespace: ehr\n', '  namespace: ehr\n  annotations:\n    phiguard.dev/exception.HK-PS-003: "SEC-12;2027-01-01;vendor agent needs it"\n');
    const r = run(waived, { waivers: [{ control: 'HK-PS-004', reason: 'unused one' }] });
    assert.equal(r.findings.length, 0);
    assert.equal(r.waived.length, 1);
    assert.equal(r.waived[0]?.waiver.ticket, 'SEC-12');
    assert.equal(r.controls.find((c) => c.id === 'HK-PS-003')?.status, 'waived');
    assert.deepEqual(r.waiverIssues.map((w) => [w.control, w.problem]), [['HK-PS-004', 'unused']]);
    const expired = run(waived.replace('2027-01-01', '2026-01-01'));
    assert.equal(expired.findings.length, 1);
    assert.deepEqual(expired.waiverIssues.map((w) => w.problem), ['expired']);
  });

  it('waiverPolicy: a config waiver without the required ticket or expiry waives nothing and is reported incomplete', () => {
    const bare = { control: 'HK-PS-003', reason: 'vendor agent' };
    assert.equal(run(deploy('api', 'ehr'), { waivers: [bare] }).waived.length, 1, 'without the policy a bare waiver still waives');
    const policy = { requireTicket: true, requireExpiry: true };
    const r = run(deploy('api', 'ehr'), { waivers: [bare, { ...bare, ticket: 'SEC-9' }], waiverPolicy: policy });
    assert.equal(r.waived.length, 0);
    assert.equal(r.findings.length, 1);
    assert.equal(r.controls.find((c) => c.id === 'HK-PS-003')?.status, 'fail');
    assert.deepEqual(r.waiverIssues.map((w) => [w.source, w.problem, w.detail]), [
      ['config waiver #1', 'incomplete', 'waiverPolicy requires ticket and expires, which this waiver lacks, so it waives nothing'],
      ['config waiver #2', 'incomplete', 'waiverPolicy requires expires, which this waiver lacks, so it waives nothing'],
    ]);
    const complete = run(deploy('api', 'ehr'), { waivers: [{ ...bare, ticket: 'SEC-9', expires: '2027-01-01T00:00:00Z' }], waiverPolicy: policy });
    assert.deepEqual([complete.waived.length, complete.waiverIssues.length], [1, 0]);
  });

  it('gives every control a status and never passes a control it could not evaluate', () => {
    const none = evaluateTexts([{ file: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' }], [probe], config);
    assert.equal(none.controls.length, 147);
    assert.deepEqual(none.controls.find((c) => c.id === 'HK-PS-003'), { id: 'HK-PS-003', status: 'not-evaluated', reason: 'needs workloads' });
    assert.equal(none.controls.find((c) => c.id === 'HK-PS-004')?.status, 'not-evaluated');
    assert.equal(none.controls.find((c) => c.id === 'HK-ID-014')?.status, 'manual');
    const clean = run(deploy('api', 'ehr').replace('name: bad', 'name: good'));
    assert.equal(clean.controls.find((c) => c.id === 'HK-PS-003')?.status, 'pass');
  });

  it('counts a rule that marks itself evaluated when a resource it was handed holds its evaluatesResource', () => {
    const velero = defineRule({
      meta: { id: 'HK-PS-004', slug: 'velero', needs: 'Velero objects', marksEvaluated: true, messages: { m: 'm' } },
      evaluatesResource: (r) => r.ref.apiVersion.startsWith('velero.io/'),
      create: () => ({ resource() { /* judges nothing: only evaluatesResource decides */ } }),
    });
    const status = (text: string): string | undefined =>
      evaluateTexts([{ file: 'in.yaml', text }], [velero], config).controls.find((c) => c.id === 'HK-PS-004')?.status;
    assert.equal(status('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'), 'not-applicable');
    assert.equal(status('apiVersion: velero.io/v1\nkind: Schedule\nmetadata:\n  name: x\n  namespace: velero\n'), 'pass');
  });

  it('turns a rule that throws into an error entry and keeps the other rules running', () => {
    const broken = defineRule({ meta: { id: 'HK-PS-004', slug: 'broken', needs: 'x', messages: { m: 'm' } }, create: () => ({ resource() { throw new Error('boom'); } }) });
    const r = evaluateTexts([{ file: 'in.yaml', text: deploy('api', 'ehr') }], [broken, probe], config);
    assert.equal(r.findings.length, 1);
    assert.match(r.errors[0]?.message ?? '', /rule HK-PS-004 failed on Deployment ehr\/api: boom/);
    // A rule that failed checked nothing: its control is never reported as passing.
    assert.deepEqual(r.controls.find((c) => c.id === 'HK-PS-004'), { id: 'HK-PS-004', status: 'not-evaluated', reason: 'the rule failed on Deployment ehr/api: boom' });
  });

  it('keeps one finding per resource, path and message, however often a rule reports it', () => {
    // Every report twice: the same message, then a second message at the same path, then a third.
    const chatty = defineRule({
      meta: { id: 'HK-PS-004', slug: 'chatty', needs: 'workloads', messages: { m: '{{what}} on {{name}}' } },
      create: (ctx) => ({
        container(c) {
          for (const what of ['a', 'a', 'b', 'a', 'b', 'c', 'c']) ctx.report({ resource: c.pod.resource, path: c.path, messageId: 'm', data: { what, name: c.name } });
        },
      }),
    });
    const r = evaluateTexts([{ file: 'in.yaml', text: `${deploy('api', 'ehr')}---\n${deploy('web', 'ehr')}` }], [chatty], config);
    const got = r.findings.map((f) => `${f.resource?.name} ${f.path} ${f.message}`).sort();
    assert.deepEqual(got, ['api', 'web'].flatMap((n) => ['a', 'b', 'c'].map((w) => `${n} /spec/template/spec/containers/0 ${w} on bad`)));
  });
});

describe('owned pods', () => {
  it('reports a Pod and ReplicaSet of a cluster dump once, through their Deployment', () => {
    const owned = (kind: string, name: string, owner: string, ownerKind: string): string => `apiVersion: v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ehr
  ownerReferences:
  - apiVersion: apps/v1
    kind: ${ownerKind}
    name: ${owner}
    controller: true
spec:
${kind === 'Pod' ? '  containers:\n  - name: bad\n    image: x:1\n' : '  template:\n    spec:\n      containers:\n      - name: bad\n        image: x:1\n'}`;
    const yaml = [deploy('api', 'ehr'), owned('ReplicaSet', 'api-7d9', 'api', 'Deployment'), owned('Pod', 'api-7d9-x', 'api-7d9', 'ReplicaSet'), owned('Pod', 'orphan', 'gone', 'ReplicaSet')].join('---\n');
    const r = run(yaml);
    assert.deepEqual(r.findings.map((f) => `${f.resource?.kind}/${f.resource?.name}`).sort(), ['Deployment/api', 'Pod/orphan']);
  });
});
