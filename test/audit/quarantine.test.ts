import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReceiver } from '../../src/audit/server.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import type { JsonObject } from '../../src/core/resource.js';
import { httpsRequest, makePki, runAudit, tempDir } from './helpers.js';

/** Never acknowledge what was not kept (issue 21): rejected items and conflicting duplicates are kept, counted and shown. */
const list = (items: unknown[]): string => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });
const PHI = 'PatientName-Quarantine-7731';

test('the receiver keeps a rejected item and a conflicting duplicate; verify counts them, review shows them, detect raises HK-AL-009', async (t) => {
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const file = join(dir, 'trail.db');
  const store = openSqliteStore(file);
  const logs: string[] = [];
  const rx = await startReceiver({
    store, host: '127.0.0.1', port: 0, cert: readFileSync(pki.cert), key: readFileSync(pki.key), clientCa: readFileSync(pki.ca),
    maxBodyBytes: 1 << 20, log: (l) => logs.push(l),
  });
  const me = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
  const evs = syntheticEvents(10, { seed: 61 });
  const bad = { kind: 'Event', verb: 'get', requestObject: { note: PHI } };
  const first = await httpsRequest(rx.port, { body: list([...evs.slice(0, 9), bad]), ...me });
  assert.equal(first.status, 200, first.body);
  assert.deepEqual(JSON.parse(first.body), { stored: 9, duplicates: 0, size: 9, rejected: [{ item: 9, error: 'auditID is missing' }], quarantined: 1 });
  // A retry is a duplicate; the same auditID and stage with other content is a conflict.
  const rewritten = { ...evs[4]!, user: { username: 'someone-else', groups: [] }, requestObject: { note: PHI } } as JsonObject;
  const second = await httpsRequest(rx.port, { body: list([evs[3], rewritten, evs[9]]), ...me });
  assert.equal(second.status, 200, second.body);
  assert.deepEqual(JSON.parse(second.body), { stored: 1, duplicates: 1, size: 10, conflicts: 1, quarantined: 1 });
  assert.ok(logs.some((l) => /CONFLICTING DUPLICATES: 1 event/.test(l)), logs.join('\n'));
  assert.ok(logs.some((l) => /rejected 1 malformed item.*kept in the quarantine/.test(l)));
  await rx.close();
  await store.close();

  assert.equal((await runAudit(['keygen', '--name', 'q.example/audit', '--out', 'k'], dir)).code, 0);
  assert.equal((await runAudit(['checkpoint', '--store', 'trail.db', '--key', 'k.key'], dir)).code, 0);
  const v = await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub'], dir);
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /warning: 2 item\(s\) in the quarantine \(received but not in the log\), 1 of them conflicting duplicates/);
  const vj = JSON.parse((await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub', '--format', 'json'], dir)).stdout) as { quarantined: number; conflicts: number };
  assert.deepEqual([vj.quarantined, vj.conflicts], [2, 1]);

  const text = await runAudit(['review', '--store', 'trail.db'], dir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Quarantine \(received, not in the log\): 2\n {2}#1 \S+ from receiver: item 9: auditID is missing\n {2}#2 \S+ from receiver: conflicting duplicate: the auditID and stage of entry 4 with different content \(auditID [0-9a-f-]+, stage Response(Complete|Started)\)/);
  for (const format of ['json', 'html', 'csv']) {
    const r = await runAudit(['review', '--store', 'trail.db', '--format', format], dir);
    assert.match(r.stdout, /conflicting duplicate/, format);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(PHI), `${format} never prints quarantined bytes`);
  }
  assert.equal((JSON.parse((await runAudit(['review', '--store', 'trail.db', '--format', 'json'], dir)).stdout) as { quarantine: unknown[] }).quarantine.length, 2);
  assert.doesNotMatch(text.stdout, new RegExp(PHI));

  const d = await runAudit(['detect', '--store', 'trail.db'], dir);
  assert.equal(d.code, 1);
  assert.match(d.stdout, /HIGH +HK-AL-009 .*the audit event [0-9a-f-]+ \(stage Response(Complete|Started)\) was received again from receiver .* with content different from entry 4/);
  assert.doesNotMatch(d.stdout, new RegExp(PHI));
});

test('import keeps malformed lines and items in the quarantine, and flags a conflicting duplicate', async (t) => {
  const dir = tempDir(t);
  const evs = syntheticEvents(4, { seed: 62 });
  writeFileSync(join(dir, 'a.jsonl'), [...evs.map((e) => JSON.stringify(e)), `{"auditID": "${PHI}", broken`, JSON.stringify({ kind: 'Event', verb: 'get', note: PHI })].join('\n') + '\n');
  const a = await runAudit(['import', 'a.jsonl', '--store', 'trail.db'], dir);
  assert.equal(a.code, 2, 'malformed lines still give exit 2');
  assert.match(a.stderr, /kept 2 item\(s\) in the quarantine; see `phiguard audit review`/);
  writeFileSync(join(dir, 'b.jsonl'), JSON.stringify({ ...evs[1], verb: 'delete' }) + '\n');
  const b = await runAudit(['import', 'b.jsonl', '--store', 'trail.db'], dir);
  assert.equal(b.code, 0);
  assert.match(b.stderr, /kept 1 item\(s\) in the quarantine, including 1 CONFLICTING DUPLICATE\(S\)/);
  const again = await runAudit(['import', 'a.jsonl', 'b.jsonl', '--store', 'trail.db'], dir);
  assert.doesNotMatch(again.stderr, /kept \d+ item/, 're-importing adds nothing to the quarantine');
  const r = await runAudit(['review', '--store', 'trail.db'], dir);
  assert.match(r.stdout, /Quarantine \(received, not in the log\): 3\n {2}#1 \S+ from a\.jsonl:5: malformed JSON at column \d+\n {2}#2 \S+ from a\.jsonl:6: auditID is missing\n {2}#3 \S+ from b\.jsonl:1: conflicting duplicate: the auditID and stage of entry 1/);
  assert.doesNotMatch(a.stderr + b.stderr + r.stdout, new RegExp(PHI));
});
