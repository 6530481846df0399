import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { viewOf } from '../../src/audit/event.js';
import type { JsonObject } from '../../src/core/resource.js';
import { createReview } from '../../src/audit/review.js';
import { formatReview } from '../../src/audit/review-format.js';
import { runAudit, tempDir } from './helpers.js';

function ev(id: number, patch: Record<string, unknown>): JsonObject {
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: `id-${id}`, stage: 'ResponseComplete', verb: 'get',
    requestURI: '/api/v1/namespaces/ehr-prod/secrets/db', user: { username: 'alice@example.org', groups: ['system:authenticated'] },
    sourceIPs: ['192.0.2.1'], userAgent: 'kubectl/v1.33.1', objectRef: { resource: 'secrets', namespace: 'ehr-prod', name: 'db', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 }, stageTimestamp: `2026-09-01T08:00:${String(id).padStart(2, '0')}.000000Z`, ...patch,
  } as JsonObject;
}

const EVENTS: JsonObject[] = [
  ev(1, {}),
  ev(2, { objectRef: { resource: 'secrets', namespace: 'billing', name: 'x', apiVersion: 'v1' }, requestURI: '/api/v1/namespaces/billing/secrets/x' }),
  ev(3, { verb: 'create', stage: 'ResponseStarted', responseStatus: { metadata: {}, code: 101 }, requestURI: '/api/v1/namespaces/ehr-prod/pods/p/exec?command=psql&command=-l',
    objectRef: { resource: 'pods', subresource: 'exec', namespace: 'ehr-prod', name: 'p', apiVersion: 'v1' },
    user: { username: 'system:serviceaccount:teleport:agent', groups: [] }, impersonatedUser: { username: 'bob@example.org', groups: ['oncall'] } }),
  ev(4, { verb: 'delete', objectRef: { resource: 'networkpolicies', namespace: 'ehr-prod', name: 'deny-all', apiGroup: 'networking.k8s.io', apiVersion: 'v1' } }),
  ev(5, { responseStatus: { metadata: {}, code: 403 }, user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } }),
  ev(6, { stageTimestamp: '2026-09-03T08:00:00.000000Z' }),
];

test('review aggregates PHI-scope activity per category, person and namespace', () => {
  const r = createReview({ since: Date.parse('2026-09-01T00:00:00Z'), until: Date.parse('2026-09-02T00:00:00Z'), isPhi: (ns) => ns !== 'billing', breakGlassGroups: ['oncall'], breakGlassUsers: [] });
  EVENTS.forEach((e, i) => r.add(viewOf(e, i)));
  const rep = r.report();
  assert.equal(rep.events, 5, 'the event of 09-03 is outside the period');
  assert.equal(rep.inScope, 4, 'billing is not PHI');
  assert.equal(rep.counts['secret-reads'], 1);
  assert.equal(rep.counts.interactive, 1);
  assert.equal(rep.counts['networkpolicy-changes'], 1);
  assert.equal(rep.counts.impersonation, 1);
  assert.equal(rep.counts['break-glass'], 1);
  assert.equal(rep.counts.failed, 1);
  assert.equal(rep.counts.anonymous, 1);
  const exec = rep.rows.find((x) => x.category === 'interactive');
  assert.equal(exec?.actor, 'bob@example.org');
  assert.equal(exec?.via, 'system:serviceaccount:teleport:agent');
  assert.equal(exec?.command, 'psql -l');
  assert.deepEqual(rep.perNamespace.map((n) => [n.namespace, n.total]), [['ehr-prod', 7]]);
  const csv = formatReview(rep, 'csv').trim().split('\n');
  assert.equal(csv[0], 'category,time,actor,via,verb,namespace,resource,name,code,auditID,entry,command');
  assert.equal(csv.length, 1 + rep.rows.length);
  const html = formatReview(rep, 'html');
  assert.match(html, /<h2>exec, attach and port-forward into pods \(1\)<\/h2>/);
  assert.doesNotMatch(html, /<script/);
  assert.equal(JSON.parse(formatReview(rep, 'json')).counts.interactive, 1);
});

test('CLI review with --scope-from and detect in JSON and SARIF', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'events.jsonl'), EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ehr-prod\n  labels:\n    phiguard.dev/scope: phi\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: billing\n');
  assert.equal((await runAudit(['import', 'events.jsonl', '--store', 't.db'], dir)).code, 0);
  const review = await runAudit(['review', '--store', 't.db', '--since', '2026-09-01T00:00:00Z', '--until', '2026-09-02T00:00:00Z', '--scope-from', 'ns.yaml', '--format', 'json'], dir);
  assert.equal(review.code, 0, review.stderr);
  const r = JSON.parse(review.stdout) as { inScope: number; counts: Record<string, number> };
  assert.equal(r.inScope, 4);
  assert.equal(r.counts['secret-reads'], 1);
  const json = await runAudit(['detect', '--store', 't.db', '--scope-from', 'ns.yaml', '--format', 'json'], dir);
  assert.equal(json.code, 1, 'findings give exit 1');
  const out = JSON.parse(json.stdout) as { schemaVersion: string; findings: { control: string; phi: boolean; hipaa: string[] }[]; controls: { id: string; status: string }[] };
  assert.ok(out.schemaVersion);
  const ids = new Set(out.findings.map((f) => f.control));
  for (const id of ['HK-AL-003', 'HK-AL-004', 'HK-AL-005', 'HK-AL-009']) assert.ok(ids.has(id), `${id} in ${[...ids].join(',')}`);
  assert.equal(out.findings.filter((f) => f.control === 'HK-AL-003').length, 2, 'ehr-prod reads only, not billing');
  assert.equal(out.controls.find((c) => c.id === 'HK-AL-010')?.status, 'not-evaluated');
  assert.equal(out.controls.find((c) => c.id === 'HK-AL-002')?.status, 'pass');
  const sarif = await runAudit(['detect', '--store', 't.db', '--format', 'sarif'], dir);
  const s = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string }[]; taxonomies: { name: string }[] }[] };
  assert.equal(s.version, '2.1.0');
  assert.ok(s.runs[0]?.results.some((x) => x.ruleId === 'HK-AL-004'));
  assert.equal(s.runs[0]?.taxonomies[0]?.name, 'HIPAA');
});
