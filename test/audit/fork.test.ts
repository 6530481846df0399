import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../src/audit/store/sqlite-driver.js';
import type { SqlDatabase } from '../../src/audit/store/sqlite-driver.js';
import { leafHash } from '../../src/audit/merkle.js';
import { generateNoteKey, parseSignerKey } from '../../src/audit/note.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { toIncoming } from '../../src/audit/event.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { ForkError, writeCheckpoint } from '../../src/audit/trail.js';
import { RUNNER, dropPgSchema, httpsRequest, makePki, pgUrlOrSkip, runAudit, tempDir } from './helpers.js';

/** Never sign a fork (issue 21): the signer proves consistency with what it signed before, in the store and the witness. */
const EVENTS = syntheticEvents(400, { seed: 77 });

function writeEvents(dir: string, file: string, from: number, to: number): void {
  writeFileSync(join(dir, file), EVENTS.slice(from, to).map((e) => JSON.stringify(e)).join('\n') + '\n');
}

async function trail(dir: string, witness: boolean): Promise<void> {
  const kg = await runAudit(['keygen', '--name', 'fork.example/audit', '--out', 'k', ...(witness ? ['--witness', 'w'] : [])], dir);
  assert.equal(kg.code, 0, kg.stderr);
  writeEvents(dir, 'a.jsonl', 0, 300);
  const imp = await runAudit(['import', 'a.jsonl', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(imp.code, 0, imp.stderr);
}

function edit(dir: string, change: (db: SqlDatabase) => void): void {
  const db = openSqlite(join(dir, 'trail.db'));
  try {
    change(db);
  } finally {
    db.close();
  }
}

/** The attacker rewrites entry 280 and recomputes its leaf hash, so the store alone is self-consistent. */
function rewriteTail(db: SqlDatabase): void {
  const row = db.prepare('SELECT leaf FROM leaves WHERE seq = 280').get() as { leaf: Buffer };
  const forged = Buffer.from(row.leaf.toString('utf8').replace(/"verb":"[a-z]+"/, '"verb":"list"').replace(/"username":"[^"]*"/, '"username":"nobody"'));
  assert.notEqual(forged.toString(), row.leaf.toString());
  db.prepare('UPDATE leaves SET leaf = ?, hash = ? WHERE seq = 280').run(forged, leafHash(forged));
}

const checkpointRows = (dir: string): number => {
  const db = openSqlite(join(dir, 'trail.db'));
  try {
    return (db.prepare('SELECT count(*) AS n FROM checkpoints').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

test('fork-and-resign: the signer refuses while the old checkpoint is stored, and via the witness once it is deleted', async (t) => {
  const dir = tempDir(t);
  await trail(dir, true);
  assert.equal(readdirSync(join(dir, 'w')).filter((f) => f.endsWith('.note')).length, 1, 'the import checkpoint reached the witness');
  edit(dir, rewriteTail);
  const kept = await runAudit(['checkpoint', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(kept.code, 1, kept.stdout + kept.stderr);
  assert.match(kept.stderr, /REFUSED: refusing to sign a fork: the trail at size 300 is not consistent with stored checkpoint #1/);
  assert.equal(checkpointRows(dir), 1, 'nothing was signed');

  edit(dir, (db) => db.prepare('DELETE FROM checkpoints').run());
  const deleted = await runAudit(['checkpoint', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(deleted.code, 1, deleted.stdout + deleted.stderr);
  assert.match(deleted.stderr, /REFUSED: refusing to sign a fork: .*witnessed checkpoint .*checkpoint-000000000300-/);
  assert.equal(checkpointRows(dir), 0);
  const v = await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub', '--anchors', 'w'], dir);
  assert.equal(v.code, 1, 'the witness exposes the rewrite');
});

test('fork-and-resign without a witness is signed (undetectable) and verify says it ran without external anchors', async (t) => {
  const dir = tempDir(t);
  await trail(dir, false);
  edit(dir, (db) => {
    rewriteTail(db);
    db.prepare('DELETE FROM checkpoints').run();
  });
  const c = await runAudit(['checkpoint', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, /no witness \(keygen --witness/);
  const v = await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub'], dir);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^OK: 300 entries, 1 checkpoints verified .*; without external anchors: a truncation or rollback that also deleted checkpoints cannot be detected\n/);
  const j = await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub', '--format', 'json'], dir);
  assert.equal((JSON.parse(j.stdout) as { externalAnchors: boolean }).externalAnchors, false);
});

test('rollback with checkpoint deletion: caught with the witness as anchors, reported as undetectable without', async (t) => {
  const dir = tempDir(t);
  await trail(dir, true);
  writeEvents(dir, 'b.jsonl', 300, 400);
  assert.equal((await runAudit(['import', 'b.jsonl', '--store', 'trail.db', '--key', 'k.key'], dir)).code, 0);
  edit(dir, (db) => {
    db.prepare('DELETE FROM leaves WHERE seq >= 300').run();
    db.prepare('DELETE FROM nodes WHERE idx * (1 << level) + (1 << level) > 300').run();
    db.prepare('UPDATE head SET size = 300').run();
    db.prepare('DELETE FROM checkpoints WHERE size > 300').run();
  });
  const blind = await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub'], dir);
  assert.equal(blind.code, 0, blind.stdout + blind.stderr);
  assert.match(blind.stdout, /without external anchors: a truncation or rollback that also deleted checkpoints cannot be detected/);
  const anchored = await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub', '--anchors', 'w'], dir);
  assert.equal(anchored.code, 1, anchored.stdout);
  assert.match(anchored.stdout, /^FAILED: .*400/);
  assert.doesNotMatch(anchored.stdout, /without external anchors/);
  const sign = await runAudit(['checkpoint', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(sign.code, 1);
  assert.match(sign.stderr, /REFUSED: refusing to sign: witnessed checkpoint .* was signed at size 400 but the trail now has 300 entries/);
});

test('writeCheckpoint throws ForkError on a same-size fork and signs an honest extension', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 't.db');
  const key = generateNoteKey('fork.example/unit');
  const signer = parseSignerKey(key.secret);
  const store = openSqliteStore(file);
  t.after(() => store.close());
  await store.append(EVENTS.slice(0, 10).map(toIncoming), { receivedAt: '2026-09-01T09:00:00.000Z' });
  const first = await writeCheckpoint(store, signer);
  await store.append(EVENTS.slice(10, 20).map(toIncoming), { receivedAt: '2026-09-01T09:00:01.000Z' });
  const second = await writeCheckpoint(store, signer);
  assert.equal(second.size, 20, 'an extension is signed');
  // A forged earlier checkpoint of the same key at size 20 but another root stands for a witnessed fork.
  const other = openSqliteStore(join(dir, 'other.db'));
  await other.append(EVENTS.slice(20, 40).map(toIncoming), { receivedAt: '2026-09-01T09:00:00.000Z' });
  const forkNote = (await writeCheckpoint(other, signer)).note;
  await other.close();
  await assert.rejects(writeCheckpoint(store, signer, { witnessed: [{ name: 'witness', note: forkNote }] }), ForkError);
  assert.ok(first.stored && second.stored);
  unlinkSync(join(dir, 'other.db'));
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test("the receiver's periodic checkpoint refuses a fork, logs it once and keeps receiving", async (t) => {
  const { spawn } = await import('node:child_process');
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const token = 'fork-test-token-0123456789abcdef';
  writeFileSync(join(dir, 'token'), token);
  assert.equal((await runAudit(['keygen', '--name', 'fork.example/serve', '--out', 'k', '--witness', 'w'], dir)).code, 0);
  const p = spawn(process.execPath, [RUNNER, 'serve', '--host', '127.0.0.1', '--port', '0', '--tls-cert', pki.cert, '--tls-key', pki.key, '--token-file', 'token',
    '--store', 'trail.db', '--key', 'k.key', '--checkpoint-interval', '0.1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => p.kill('SIGKILL'));
  let out = '';
  let err = '';
  p.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  p.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const until = async (what: string, ok: () => boolean): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!ok()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; stderr: ${err}`);
      await sleep(50);
    }
  };
  await until('listening', () => /listening on https:\/\/127\.0\.0\.1:\d+/.test(out));
  const port = Number(/:(\d+)\n/.exec(out)?.[1]);
  const post = async (from: number, to: number): Promise<number> => (await httpsRequest(port, {
    body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: EVENTS.slice(from, to) }), ca: pki.ca, token,
  })).status;
  const witnessed = (): string[] => readdirSync(join(dir, 'w')).filter((f) => f.endsWith('.note'));
  assert.equal(await post(0, 300), 200);
  await until('the first checkpoint in the witness', () => witnessed().some((f) => f.startsWith('checkpoint-000000000300-')));
  // While it runs, the attacker rewrites entry 280 with a recomputed hash and deletes the stored checkpoints.
  edit(dir, (db) => {
    rewriteTail(db);
    db.prepare('DELETE FROM checkpoints').run();
  });
  assert.equal(await post(300, 350), 200, 'the receiver keeps acknowledging stored batches');
  await until('the fork alarm', () => /FORK DETECTED, checkpoint refused: refusing to sign a fork: the trail at size 350 is not consistent with witnessed checkpoint/.test(err));
  assert.equal(await post(350, 360), 200);
  await sleep(600);
  const alarms = err.split('\n').filter((l) => l.includes('FORK DETECTED')).map((l) => l.replace(/^\S+ /, ''));
  assert.deepEqual(alarms.map((l) => /at size (\d+)/.exec(l)?.[1]), ['350', '360'], 'said once per distinct problem (each new size), not every interval');
  // A size-0 checkpoint may have been signed before the first batch; nothing past 300 may be.
  assert.deepEqual(witnessed().map((f) => f.slice(0, 23)).filter((f) => f !== 'checkpoint-000000000000'), ['checkpoint-000000000300'], 'nothing after the fork was signed');
  assert.equal(checkpointRows(dir), 0);
  p.kill('SIGTERM');
  await new Promise<void>((r) => p.once('exit', () => r()));
  assert.match(err, /final checkpoint failed: refusing to sign a fork/);
});

/** The fork tests on PostgreSQL: the attacker edits the tables with SQL, the signer and verify see it alike. */
async function pgTrail(t: Parameters<typeof tempDir>[0], witness: boolean): Promise<{ dir: string; url: string; sql: (q: string, p?: unknown[]) => Promise<unknown[]> } | undefined> {
  const url = pgUrlOrSkip(t);
  if (!url) return undefined;
  t.after(() => dropPgSchema(url));
  const dir = tempDir(t);
  assert.equal((await runAudit(['keygen', '--name', 'fork.example/pg', '--out', 'k', ...(witness ? ['--witness', 'w'] : [])], dir)).code, 0);
  writeEvents(dir, 'a.jsonl', 0, 300);
  const imp = await runAudit(['import', 'a.jsonl', '--store', url, '--key', 'k.key'], dir);
  assert.equal(imp.code, 0, imp.stderr);
  const { default: pg } = await import('pg');
  const { parsePostgresUrl } = await import('../../src/audit/store/postgres.js');
  const { connectionString, schema } = parsePostgresUrl(url);
  const sql = async (q: string, params: unknown[] = []): Promise<unknown[]> => {
    const c = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return (await c.query(q, params)).rows as unknown[];
    } finally {
      await c.end();
    }
  };
  return { dir, url, sql };
}

async function pgRewrite280(sql: (q: string, p?: unknown[]) => Promise<unknown[]>): Promise<void> {
  const [row] = await sql('SELECT leaf FROM leaves WHERE seq = 280') as { leaf: Buffer }[];
  const forged = Buffer.from(row!.leaf.toString('utf8').replace(/"verb":"[a-z]+"/, '"verb":"list"').replace(/"username":"[^"]*"/, '"username":"nobody"'));
  await sql('UPDATE leaves SET leaf = $1, hash = $2 WHERE seq = 280', [forged, leafHash(forged)]);
}

test('PostgreSQL: fork-and-resign is refused while the old checkpoint is stored, and via the witness once it is deleted', async (t) => {
  const pgt = await pgTrail(t, true);
  if (!pgt) return;
  const { dir, url, sql } = pgt;
  await pgRewrite280(sql);
  const kept = await runAudit(['checkpoint', '--store', url, '--key', 'k.key'], dir);
  assert.equal(kept.code, 1, kept.stderr);
  assert.match(kept.stderr, /REFUSED: refusing to sign a fork: the trail at size 300 is not consistent with stored checkpoint #1/);
  await sql('DELETE FROM checkpoints');
  const deleted = await runAudit(['checkpoint', '--store', url, '--key', 'k.key'], dir);
  assert.equal(deleted.code, 1);
  assert.match(deleted.stderr, /REFUSED: refusing to sign a fork: .*witnessed checkpoint .*checkpoint-000000000300-/);
  assert.equal(((await sql('SELECT count(*)::int AS n FROM checkpoints')) as { n: number }[])[0]?.n, 0);
  const v = await runAudit(['verify', '--store', url, '--public-key', 'k.pub', '--anchors', 'w'], dir);
  assert.equal(v.code, 1, 'the witness exposes the rewrite');
});

test('PostgreSQL: a rollback that deletes its checkpoints is caught with the witness as anchors, reported as undetectable without', async (t) => {
  const pgt = await pgTrail(t, true);
  if (!pgt) return;
  const { dir, url, sql } = pgt;
  writeEvents(dir, 'b.jsonl', 300, 400);
  assert.equal((await runAudit(['import', 'b.jsonl', '--store', url, '--key', 'k.key'], dir)).code, 0);
  await sql('DELETE FROM leaves WHERE seq >= 300');
  await sql('DELETE FROM nodes WHERE idx * (1 << level) + (1 << level) > 300');
  await sql('UPDATE head SET size = 300');
  await sql('DELETE FROM checkpoints WHERE size > 300');
  const blind = await runAudit(['verify', '--store', url, '--public-key', 'k.pub'], dir);
  assert.equal(blind.code, 0, blind.stdout);
  assert.match(blind.stdout, /without external anchors: a truncation or rollback that also deleted checkpoints cannot be detected/);
  const anchored = await runAudit(['verify', '--store', url, '--public-key', 'k.pub', '--anchors', 'w'], dir);
  assert.equal(anchored.code, 1, anchored.stdout);
  assert.match(anchored.stdout, /^FAILED: .*400/);
  const sign = await runAudit(['checkpoint', '--store', url, '--key', 'k.key'], dir);
  assert.equal(sign.code, 1);
  assert.match(sign.stderr, /REFUSED: refusing to sign: witnessed checkpoint .* was signed at size 400 but the trail now has 300 entries/);
});
