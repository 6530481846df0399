import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { SqlDatabase } from '../../src/audit/store/sqlite-driver.js';
import { openSqlite } from '../../src/audit/store/sqlite-driver.js';
import { toIncoming } from '../../src/audit/event.js';
import { leafHash } from '../../src/audit/merkle.js';
import { generateNoteKey, parseSignerKey } from '../../src/audit/note.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { writeCheckpoint } from '../../src/audit/trail.js';
import { verifyStore } from '../../src/audit/verify.js';
import type { VerifyReport } from '../../src/audit/verify.js';
import { runAudit, tempDir } from './helpers.js';

/** Tamper evidence: each edit an attacker with write access to the SQLite file could make is caught and located. */
const KEY = generateNoteKey('tamper.example/audit');
const SIGNER = parseSignerKey(KEY.secret);

async function buildTrail(file: string): Promise<void> {
  const store = openSqliteStore(file);
  const evs = syntheticEvents(600, { seed: 21 });
  for (let i = 0; i < 600; i += 200) {
    await store.append(evs.slice(i, i + 200).map(toIncoming), { receivedAt: new Date(Date.UTC(2026, 8, 1, 9, 0, i)).toISOString() });
    await writeCheckpoint(store, SIGNER);
  }
  await store.close();
}

async function tamper(dir: string, name: string, edit: (db: SqlDatabase) => void, parallel = false): Promise<VerifyReport> {
  const file = join(dir, `${name}.db`);
  await buildTrail(file);
  const db = openSqlite(file);
  edit(db);
  db.close();
  const store = openSqliteStore(file);
  try {
    return await verifyStore(store, { verifier: KEY.verifier, parallel });
  } finally {
    await store.close();
  }
}

function leafOf(db: SqlDatabase, seq: number): string {
  return (db.prepare('SELECT leaf FROM leaves WHERE seq = ?').get(seq) as { leaf: Buffer }).leaf.toString('utf8');
}

test('an untouched trail verifies', async (t) => {
  const r = await tamper(tempDir(t), 'clean', () => undefined);
  assert.deepEqual(r.problems, []);
  assert.equal(r.entries, 600);
  assert.equal(r.checkpoints, 3);
});

test('an edited event is named by its entry', async (t) => {
  const r = await tamper(tempDir(t), 'edit', (db) => {
    const edited = leafOf(db, 123).replace(/"username":"[^"]*"/, '"username":"mallory@example.org"');
    db.prepare('UPDATE leaves SET leaf = ? WHERE seq = 123').run(Buffer.from(edited));
  });
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]?.entry, 123);
  assert.match(r.problems[0]?.message ?? '', /entry 123: record does not match its stored leaf hash/);
});

test('an edited event with a recomputed leaf hash is caught by the checkpoint over it', async (t) => {
  const r = await tamper(tempDir(t), 'edit-rehash', (db) => {
    const edited = Buffer.from(leafOf(db, 123).replace(/"verb":"[a-z]+"/, '"verb":"get"').replace(/"code":\d+/, '"code":404'));
    db.prepare('UPDATE leaves SET leaf = ?, hash = ? WHERE seq = 123').run(edited, leafHash(edited));
  });
  assert.equal(r.ok, false);
  const first = r.problems[0];
  assert.ok(first);
  assert.match(first.message, /checkpoint #1 \(size 200\) does not match the recomputed tree: entries 0\.\.199 were rewritten/);
});

test('a deleted event is named', async (t) => {
  const r = await tamper(tempDir(t), 'delete', (db) => db.prepare('DELETE FROM leaves WHERE seq = 300').run());
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]?.entry, 300);
  assert.match(r.problems[0]?.message ?? '', /entry 300 is missing \(the next stored entry is 301\)/);
});

test('two reordered events are named', async (t) => {
  const r = await tamper(tempDir(t), 'reorder', (db) => {
    const a = db.prepare('SELECT leaf, hash FROM leaves WHERE seq = 50').get() as { leaf: Buffer; hash: Buffer };
    const b = db.prepare('SELECT leaf, hash FROM leaves WHERE seq = 51').get() as { leaf: Buffer; hash: Buffer };
    const set = db.prepare('UPDATE leaves SET leaf = ?, hash = ?, audit_id = ? WHERE seq = ?');
    db.immediate(() => {
      set.run(b.leaf, b.hash, `tmp-${Math.random()}`, 50);
      set.run(a.leaf, a.hash, `tmp-${Math.random()}`, 51);
    });
  });
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]?.entry, 50);
  assert.match(r.problems[0]?.message ?? '', /entry 50 holds the record of entry 51/);
});

test('a truncated tail is caught against the latest checkpoint', async (t) => {
  const r = await tamper(tempDir(t), 'truncate', (db) => {
    db.prepare('DELETE FROM leaves WHERE seq >= 550').run();
    db.prepare('UPDATE head SET size = 550').run();
  });
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]?.entry, 550);
  assert.match(r.problems[0]?.message ?? '', /log truncated: checkpoint #3 commits to 600 entries but only 550 are stored/);
});

test('a rewritten checkpoint is named, whether edited or re-signed with another key', async (t) => {
  const dir = tempDir(t);
  const edited = await tamper(dir, 'cp-edit', (db) => {
    const note = (db.prepare('SELECT note FROM checkpoints WHERE id = 2').get() as { note: string }).note;
    db.prepare('UPDATE checkpoints SET note = ? WHERE id = 2').run(note.replace('\n400\n', '\n390\n'));
  });
  assert.equal(edited.ok, false);
  assert.match(edited.problems.map((p) => p.message).join('\n'), /checkpoint #2 \(size 390\): signature does not verify/);
  const forged = generateNoteKey('tamper.example/audit');
  const resigned = await tamper(dir, 'cp-resign', (db) => {
    const note = (db.prepare('SELECT note FROM checkpoints WHERE id = 2').get() as { note: string }).note;
    const body = note.slice(0, note.indexOf('\n\n') + 1);
    const { signNote } = SIGN;
    db.prepare('UPDATE checkpoints SET note = ? WHERE id = 2').run(signNote(body, parseSignerKey(forged.secret)));
  });
  assert.equal(resigned.ok, false);
  assert.match(resigned.problems.map((p) => p.message).join('\n'), /checkpoint #2 \(size 400\): signature does not verify under key tamper\.example\/audit/);
});

test('the CLI exits 1 and names the entry; 0 on a clean trail', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'log.pub'), KEY.verifier.text + '\n');
  await buildTrail(join(dir, 'cli.db'));
  const ok = await runAudit(['verify', '--store', 'cli.db', '--public-key', 'log.pub'], dir);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^OK: 600 entries, 3 checkpoints verified/);
  const db = openSqlite(join(dir, 'cli.db'));
  db.prepare('DELETE FROM leaves WHERE seq = 7').run();
  db.close();
  const bad = await runAudit(['verify', '--store', 'cli.db', '--public-key', 'log.pub'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^FAILED: entry 7 is missing/);
});

const SIGN = await import('../../src/audit/note.js');

test('hashing on a worker thread gives the same verdicts: clean, edited and reordered', async (t) => {
  const clean = await tamper(tempDir(t), 'par-clean', () => undefined, true);
  assert.deepEqual(clean.problems, []);
  assert.equal(clean.entries, 600);
  const edited = await tamper(tempDir(t), 'par-edit', (db) => {
    db.prepare('UPDATE leaves SET leaf = ? WHERE seq = 123').run(Buffer.from(leafOf(db, 123).replace(/"username":"[^"]*"/, '"username":"eve@example.org"')));
  }, true);
  assert.equal(edited.problems[0]?.entry, 123);
  assert.match(edited.problems[0]?.message ?? '', /record does not match its stored leaf hash/);
  const sequential = await tamper(tempDir(t), 'seq-clean', () => undefined, false);
  assert.equal(clean.root, sequential.root);
});

test('a swapped audit_id column is caught with hashing (and the column check) on a worker thread', async (t) => {
  const r = await tamper(tempDir(t), 'par-column', (db) => {
    const id = (seq: number): string => (db.prepare('SELECT audit_id FROM leaves WHERE seq = ?').get(seq) as { audit_id: string }).audit_id;
    const [a, b] = [id(410), id(411)];
    const set = db.prepare('UPDATE leaves SET audit_id = ? WHERE seq = ?');
    db.immediate(() => {
      set.run('swap', 410);
      set.run(a, 411);
      set.run(b, 410);
    });
  }, true);
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]?.entry, 410);
  assert.match(r.problems[0]?.message ?? '', /^entry 410: the audit_id column does not match the leaf \(index edited or swapped\)/);
});

test('deep nesting: an event 6,000 objects deep verifies, and editing it is caught with and without a recomputed hash', async (t) => {
  const nested = `${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`;
  const build = async (file: string): Promise<void> => {
    const store = openSqliteStore(file);
    const evs = syntheticEvents(300, { seed: 23 });
    evs[150] = JSON.parse(JSON.stringify({ ...evs[150], requestObject: 'DEEP' }).replace('"DEEP"', nested)) as (typeof evs)[number];
    await store.append(evs.map(toIncoming), { receivedAt: '2026-09-01T09:00:00.000Z' });
    await writeCheckpoint(store, SIGNER);
    await store.close();
  };
  const run = async (name: string, edit: (db: SqlDatabase) => void): Promise<VerifyReport> => {
    const file = join(tempDir(t), `${name}.db`);
    await build(file);
    const db = openSqlite(file);
    edit(db);
    db.close();
    const store = openSqliteStore(file);
    try {
      return await verifyStore(store, { verifier: KEY.verifier, deep: true });
    } finally {
      await store.close();
    }
  };
  const clean = await run('deep-clean', () => undefined);
  assert.deepEqual(clean.problems, []);
  const deeper = (db: SqlDatabase): Buffer => Buffer.from(leafOf(db, 150).replace('{"a":1}', '{"a":2}'));
  const edited = await run('deep-edit', (db) => db.prepare('UPDATE leaves SET leaf = ? WHERE seq = 150').run(deeper(db)));
  assert.match(edited.problems[0]?.message ?? '', /^entry 150: record does not match its stored leaf hash/);
  const rehashed = await run('deep-rehash', (db) => {
    const leaf = deeper(db);
    db.prepare('UPDATE leaves SET leaf = ?, hash = ? WHERE seq = 150').run(leaf, leafHash(leaf));
  });
  // The cached subtree over 0..255 closes before the checkpoint at 300 is reached: either names the rewrite.
  assert.match(rehashed.problems[0]?.message ?? '', /^cached subtree over entries 0\.\.255 does not match/);
  const column = await run('deep-column', (db) => db.prepare("UPDATE leaves SET stage = 'Panic' WHERE seq = 150").run());
  assert.match(column.problems[0]?.message ?? '', /^entry 150: the stage column does not match the leaf/);
});
