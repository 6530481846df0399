import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { toIncoming } from '../../src/audit/event.js';
import type { JsonObject } from '../../src/core/resource.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { RUNNER, tempDir } from './helpers.js';

test('detect --follow prints an alert when a matching event arrives in the store', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'trail.db');
  const store = openSqliteStore(file);
  t.after(() => store.close());
  const quiet = syntheticEvents(50, { seed: 90 }).filter((e) => (e['objectRef'] as JsonObject)['subresource'] === undefined && (e['user'] as JsonObject)['username'] !== 'alice@example.org');
  await store.append(quiet.map(toIncoming), { receivedAt: new Date().toISOString() });
  const p = spawn(process.execPath, [RUNNER, 'detect', '--follow', '--interval', '0.1', '--store', file, '--phi-namespace', 'ehr-prod'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => p.kill('SIGKILL'));
  let out = '';
  p.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  await new Promise<void>((r) => p.stderr.once('data', () => r()));
  const exec: JsonObject = {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'follow-exec-1', stage: 'ResponseStarted', verb: 'create',
    requestURI: '/api/v1/namespaces/ehr-prod/pods/ehr-api-0/exec?command=sh', user: { username: 'mallory@example.org', groups: ['system:authenticated'] },
    sourceIPs: ['192.0.2.5'], objectRef: { resource: 'pods', subresource: 'exec', namespace: 'ehr-prod', name: 'ehr-api-0', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 101 }, stageTimestamp: '2026-09-01T08:00:03.000000Z',
  };
  await store.append([toIncoming(exec)], { receivedAt: new Date().toISOString() });
  const deadline = Date.now() + 5000;
  while (!/HK-AL-004/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, /HIGH +HK-AL-004 .*mallory@example\.org exec(ed)? into pod ehr-prod\/ehr-api-0/);
  assert.doesNotMatch(out, /command=sh/, 'alerts carry no request details beyond the target');
  assert.equal(out.split('\n').filter((l) => l.includes('HK-AL-004')).length, 1, 'one alert per request');
});
