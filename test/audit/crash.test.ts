import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { openSqlite } from '../../src/audit/store/sqlite-driver.js';
import { join } from 'node:path';
import { parseLeaf } from '../../src/audit/event.js';
import { generateNoteKey } from '../../src/audit/note.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { verifyStore } from '../../src/audit/verify.js';
import { RUNNER, httpsRequest, makePki, tempDir } from './helpers.js';

/** Crash safety: SIGKILL the importer and the receiver at random moments; nothing acknowledged is lost and the trail verifies. */
const KILLS_EACH = 10;

function spawnAudit(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [RUNNER, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(p: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (p.exitCode !== null || p.signalCode !== null) r();
    else p.once('exit', () => r());
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function storedIds(file: string): Promise<Set<string>> {
  // The audit_id column is checked against the leaf records themselves by the final verify and the full count.
  if (!existsSync(file)) return new Set();
  const db = openSqlite(file);
  db.exec('PRAGMA busy_timeout = 10000');
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'leaves'").get() !== undefined;
  const ids = new Set(has ? db.prepare<[], { audit_id: string }>('SELECT audit_id FROM leaves').all().map((r) => r.audit_id) : []);
  db.close();
  return ids;
}

async function leafIds(file: string): Promise<Set<string>> {
  const store = openSqliteStore(file);
  const ids = new Set<string>();
  for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) for (const r of rows) ids.add(String(parseLeaf(r.leaf).event['auditID']));
  await store.close();
  return ids;
}

async function verified(file: string, pub: string): Promise<void> {
  const store = openSqliteStore(file);
  try {
    const { parseVerifierKey } = await import('../../src/audit/note.js');
    const r = await verifyStore(store, { verifier: parseVerifierKey(pub) });
    assert.deepEqual(r.problems, [], 'trail verifies after the kills');
    assert.ok(r.checkpoints > 0);
  } finally {
    await store.close();
  }
}

test('importer killed with SIGKILL at random moments loses no committed event', async (t) => {
  const dir = tempDir(t);
  const { secret, verifier } = generateNoteKey('crash.example/audit');
  writeFileSync(join(dir, 'log.key'), secret, { mode: 0o600 });
  // Enough events that a run is still importing when it is killed, however fast the importer gets.
  const evs = syntheticEvents(80_000, { seed: 77 });
  writeFileSync(join(dir, 'events.jsonl'), evs.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const ids = evs.map((e) => String(e['auditID']));
  let kills = 0;
  for (let i = 0; i < KILLS_EACH; i++) {
    const p = spawnAudit(['import', 'events.jsonl', '--store', 'trail.db', '--key', 'log.key', '--batch', '500', '--report-commits'], dir);
    let committed = 0;
    p.stdout?.on('data', (c: Buffer) => {
      for (const m of c.toString().matchAll(/committed (\d+)/g)) committed = Math.max(committed, Number(m[1]));
    });
    // Kill at a random moment after the first commit, so every kill lands mid-import.
    for (let waited = 0; committed === 0 && p.exitCode === null && waited < 10_000; waited += 10) await sleep(10);
    await sleep(Math.random() * 250);
    if (p.kill('SIGKILL')) kills++;
    await exited(p);
    // Lines acknowledged by a commit report are in the store (this run re-reads the file from the start).
    const stored = await storedIds(join(dir, 'trail.db'));
    const missing = ids.slice(0, committed).filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `run ${i}: ${missing.length} committed events missing`);
  }
  assert.ok(kills >= KILLS_EACH - 1, `${kills} kills`);
  const last = spawnAudit(['import', 'events.jsonl', '--store', 'trail.db', '--key', 'log.key'], dir);
  await exited(last);
  assert.equal(last.exitCode, 0);
  const stored = await leafIds(join(dir, 'trail.db'));
  assert.equal(stored.size, ids.length);
  await verified(join(dir, 'trail.db'), verifier.text);
});

test('receiver killed with SIGKILL at random moments loses no acknowledged batch', async (t) => {
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const { secret, verifier } = generateNoteKey('crash.example/audit');
  writeFileSync(join(dir, 'log.key'), secret, { mode: 0o600 });
  const evs = syntheticEvents(20_000, { seed: 78 });
  const acked = new Set<string>();
  let next = 0;
  let kills = 0;
  for (let i = 0; i < KILLS_EACH; i++) {
    const p = spawnAudit(['serve', '--port', '0', '--host', '127.0.0.1', '--tls-cert', pki.cert, '--tls-key', pki.key, '--client-ca', pki.ca,
      '--store', 'trail.db', '--key', 'log.key', '--checkpoint-interval', '0.1'], dir);
    const port = await new Promise<number>((resolveP, reject) => {
      let out = '';
      p.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on https:\/\/[^:]+:(\d+)/.exec(out);
        if (m) resolveP(Number(m[1]));
      });
      p.once('exit', () => reject(new Error(`receiver exited early: ${out}`)));
    });
    // Like the API server: send batches, and resend any batch that was not acknowledged.
    let sending = true;
    const sender = (async () => {
      while (sending && next < evs.length) {
        const batch = evs.slice(next, next + 400);
        try {
          const r = await httpsRequest(port, { body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: batch }), ca: pki.ca, cert: pki.clientCert, key: pki.clientKey });
          if (r.status === 200) {
            for (const e of batch) acked.add(String(e['auditID']));
            next += batch.length;
          }
        } catch {
          return;
        }
      }
    })();
    await sleep(100 + Math.random() * 300);
    if (p.kill('SIGKILL')) kills++;
    sending = false;
    await exited(p);
    await sender;
    const stored = await storedIds(join(dir, 'trail.db'));
    const lost = [...acked].filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `run ${i}: acknowledged events lost`);
  }
  assert.ok(kills >= KILLS_EACH - 1);
  assert.ok(acked.size > 0, 'some batches were acknowledged');
  const inLeaves = await leafIds(join(dir, 'trail.db'));
  assert.deepEqual([...acked].filter((id) => !inLeaves.has(id)), []);
  await verified(join(dir, 'trail.db'), verifier.text);
});
