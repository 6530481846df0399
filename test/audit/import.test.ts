import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { parseLeaf } from '../../src/audit/event.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { corpusOrSkip, runAudit, tempDir } from './helpers.js';

async function storedIds(file: string): Promise<string[]> {
  const store = openSqliteStore(file);
  const ids: string[] = [];
  for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) for (const r of rows) ids.push(String(parseLeaf(r.leaf).event['auditID']));
  await store.close();
  return ids;
}

test('malformed lines are reported by file and line and skipped; every valid event is kept', async (t) => {
  const dir = tempDir(t);
  const [a, b, c, d] = syntheticEvents(4, { seed: 2 });
  const trimmed = { ...d };
  delete trimmed['apiVersion'];
  const beta: Record<string, unknown> = { ...c, apiVersion: 'audit.k8s.io/v1beta1' };
  const lines = [
    JSON.stringify(a),
    '{"kind":"Event","auditID": "x", "user": {"username": "alice", "password": "hunter2"',
    JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [b, { kind: 'Event', verb: 'get' }] }),
    '{"kind": 0}',
    '',
    JSON.stringify(trimmed),
    JSON.stringify(beta),
  ];
  writeFileSync(join(dir, 'events.jsonl'), lines.join('\n') + '\n');
  const r = await runAudit(['import', 'events.jsonl', '--store', 'trail.db'], dir);
  assert.equal(r.code, 2, 'input errors give exit 2');
  assert.match(r.stderr, /events\.jsonl:2: malformed JSON.*line skipped/);
  assert.match(r.stderr, /events\.jsonl:3: item 1: auditID is missing; line skipped/);
  assert.match(r.stderr, /events\.jsonl:4: kind is not Event; line skipped/);
  assert.doesNotMatch(r.stderr, /hunter2/, 'payloads never reach the log');
  assert.deepEqual((await storedIds(join(dir, 'trail.db'))).sort(), [a, b, trimmed, beta].map((e) => String(e!['auditID'])).sort());
  const again = await runAudit(['import', 'events.jsonl', '--store', 'trail.db'], dir);
  assert.match(again.stderr, /imported 0 new events \(4 duplicates/);
});

test('pretty-printed EventList documents and stdin are read', async (t) => {
  const dir = tempDir(t);
  const evs = syntheticEvents(5, { seed: 4 });
  writeFileSync(join(dir, 'list.json'), JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: evs.slice(0, 3) }, null, 2));
  const r = await runAudit(['import', 'list.json', '--store', 'trail.db'], dir);
  assert.equal(r.code, 0, r.stderr);
  const s = await runAudit(['import', '-', '--store', 'trail.db'], dir, evs.slice(3).map((e) => JSON.stringify(e)).join('\n'));
  assert.equal(s.code, 0, s.stderr);
  assert.deepEqual(await storedIds(join(dir, 'trail.db')), evs.map((e) => String(e['auditID'])));
  writeFileSync(join(dir, 'broken.json'), '{\n  "kind": "EventList",\n  "items": [\n    {"auditID": 1,\n  ]\n}\n');
  const b = await runAudit(['import', 'broken.json', '--store', 'trail.db'], dir);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /broken\.json:\d+: malformed JSON.*the document is skipped/);
});

test('the Falco audit traces parse: v1, v1beta1, trimmed events and the malformed stub', async (t) => {
  const falco = corpusOrSkip(t);
  if (!falco) return;
  const traces = join(falco, 'test', 'trace_files', 'k8s_audit');
  const dir = tempDir(t);
  const files = readdirSync(traces).filter((f) => f.endsWith('.json')).map((f) => join(traces, f));
  const r = await runAudit(['import', ...files, '--store', 'trail.db'], dir);
  const errors = r.stderr.split('\n').filter((l) => /: .*line skipped$/.test(l));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0] ?? '', /fal_01_003\.json:1: kind is not Event/);
  const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== ''));
  const keys = new Set(lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e['kind'] === 'Event').map((e) => `${String(e['auditID'])}/${String(e['stage'])}`));
  assert.equal((await storedIds(join(dir, 'trail.db'))).length, keys.size);
});
