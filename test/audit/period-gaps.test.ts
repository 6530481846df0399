import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../src/core/resource.js';
import { runAudit, tempDir } from './helpers.js';

/** Issue 17: review and detect read the same default period, said in the output (the HK-AL-011 case is in detections/logging-gaps.test.ts). */
function ev(id: string, time: string, patch: Record<string, unknown> = {}): JsonObject {
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: id, stage: 'ResponseComplete', verb: 'get',
    requestURI: '/api/v1/namespaces/ehr/pods', user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] }, sourceIPs: ['10.0.0.2'],
    objectRef: { resource: 'pods', namespace: 'ehr', apiVersion: 'v1' }, responseStatus: { code: 200 }, stageTimestamp: time, requestReceivedTimestamp: time, ...patch,
  } as JsonObject;
}

test('review and detect share one default period, the whole trail, and say which period they read', async (t) => {
  const dir = tempDir(t);
  const old = new Date(Date.now() - 30 * 864e5).toISOString();
  const recent = new Date(Date.now() - 864e5).toISOString();
  const secretRead = { verb: 'get', requestURI: '/api/v1/namespaces/ehr/secrets/db', objectRef: { resource: 'secrets', namespace: 'ehr', name: 'db', apiVersion: 'v1' }, user: { username: 'alice@example.org', groups: [] } };
  writeFileSync(join(dir, 'e.jsonl'), [ev('old', old, secretRead), ev('recent', recent, secretRead)].map((e) => JSON.stringify(e)).join('\n') + '\n');
  assert.equal((await runAudit(['import', 'e.jsonl', '--store', 't.db'], dir)).code, 0);
  const review = await runAudit(['review', '--store', 't.db', '--format', 'json'], dir);
  const r = JSON.parse(review.stdout) as { counts: Record<string, number>; wholeTrail: boolean; since: string };
  assert.equal(r.counts['secret-reads'], 2, 'the read of 30 days ago is in the default review');
  assert.equal(r.wholeTrail, true);
  assert.equal(r.since, new Date(Date.parse(old)).toISOString());
  assert.match((await runAudit(['review', '--store', 't.db'], dir)).stdout, /^Access review .*\nperiod: the whole trail \(no --since or --until given\)\n/);
  const detect = await runAudit(['detect', '--store', 't.db'], dir);
  assert.equal(detect.stdout.split('\n').filter((l) => l.includes('HK-AL-003')).length, 2, 'detect reads the same period');
  assert.match(detect.stdout, /\nperiod: the whole trail \(\S+ \.\. \S+\); narrow it with --since\/--until\n$/);
  const narrowed = await runAudit(['detect', '--store', 't.db', '--since', '7d', '--format', 'json'], dir);
  assert.equal((JSON.parse(narrowed.stdout) as { findings: { control: string }[] }).findings.filter((f) => f.control === 'HK-AL-003').length, 1);
  assert.match(narrowed.stderr, /period: \S+ \.\. end of the trail/);
  const narrowReview = JSON.parse((await runAudit(['review', '--store', 't.db', '--since', '7d', '--format', 'json'], dir)).stdout) as { counts: Record<string, number>; wholeTrail: boolean };
  assert.deepEqual([narrowReview.counts['secret-reads'], narrowReview.wholeTrail], [1, false]);
});
