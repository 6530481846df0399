import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { toIncoming, parseLeaf } from '../../src/audit/event.js';
import { canonicalize } from '../../src/audit/canonical-json.js';
import { leafHash, rootOf, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { generateNoteKey, parseSignerKey } from '../../src/audit/note.js';
import type { AuditStore, StoredLeaf } from '../../src/audit/store/store.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { openPostgresStore, parsePostgresUrl } from '../../src/audit/store/postgres.js';
import { openSqlite } from '../../src/audit/store/sqlite-driver.js';
import type { JsonObject } from '../../src/core/resource.js';
import { consistencyBetween, inclusionAt, rootAt } from '../../src/audit/store/tree.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { verifyStore } from '../../src/audit/verify.js';
import { writeCheckpoint } from '../../src/audit/trail.js';
import { dropPgSchema, pgUrlOrSkip, tempDir } from './helpers.js';

/** One contract, two stores: every behaviour the CLI relies on is checked against SQLite and PostgreSQL alike. */
interface Backend {
  open: () => Promise<AuditStore>;
  /** Runs one statement on the tables directly, as an attacker with write access would ($1, $2... placeholders). */
  tamper: (sql: string, params?: unknown[]) => Promise<void>;
}
type Factory = (t: TestContext) => Promise<Backend | undefined>;

const sqlite: Factory = async (t) => {
  const file = join(tempDir(t), 'trail.db');
  return {
    open: async () => openSqliteStore(file),
    tamper: async (sql, params = []) => {
      const db = openSqlite(file);
      try {
        db.prepare(sql.replace(/\$\d+/g, '?')).run(...params);
      } finally {
        db.close();
      }
    },
  };
};

const postgres: Factory = async (t) => {
  const url = pgUrlOrSkip(t);
  if (!url) return undefined;
  t.after(() => dropPgSchema(url));
  return {
    open: () => openPostgresStore(url),
    tamper: async (sql, params = []) => {
      const { default: pg } = await import('pg');
      const { connectionString, schema } = parsePostgresUrl(url);
      const c = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
      await c.connect();
      try {
        await c.query(sql, params);
      } finally {
        await c.end();
      }
    },
  };
};

const RECEIVED = { receivedAt: '2026-09-01T09:00:00.000Z' };

async function allLeaves(store: AuditStore): Promise<StoredLeaf[]> {
  const out: StoredLeaf[] = [];
  for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER, 97)) out.push(...rows);
  return out;
}

function contract(name: string, factory: Factory): void {
  describe(`audit store contract: ${name}`, () => {
    test('appends leaves with contiguous sequence numbers and stores duplicates once', async (t) => {
      const f = await factory(t);
      if (!f) return;
      const store = await f.open();
      t.after(() => store.close());
      const evs = syntheticEvents(10, { seed: 3 });
      const r1 = await store.append(evs.slice(0, 6).map(toIncoming), RECEIVED);
      assert.deepEqual(r1, { appended: 6, duplicates: 0, conflicts: 0, quarantined: 0, size: 6 });
      // Retried batch overlapping the first, with an in-batch duplicate and a new stage of a known auditID.
      const again = [...evs.slice(4, 10), evs[9]!, { ...evs[0]!, stage: 'RequestReceived' }];
      const r2 = await store.append(again.map(toIncoming), { ...RECEIVED, cluster: 'prod-1' });
      assert.deepEqual(r2, { appended: 5, duplicates: 3, conflicts: 0, quarantined: 0, size: 11 });
      assert.equal(await store.size(), 11);
      const leaves = await allLeaves(store);
      assert.deepEqual(leaves.map((l) => l.seq), [...Array(11).keys()]);
      const parsed = leaves.map((l) => parseLeaf(l.leaf));
      assert.equal(parsed[3]!.seq, 3);
      assert.equal(canonicalize(parsed[3]!.event), canonicalize(evs[3]));
      assert.equal(parsed[3]!.receivedAt, RECEIVED.receivedAt);
      assert.equal(parsed[3]!.cluster, undefined);
      assert.equal(parsed[10]!.cluster, 'prod-1');
      assert.equal(parsed[10]!.event['stage'], 'RequestReceived');
      for (const l of leaves) assert.ok(leafHash(l.leaf).equals(l.hash));
      assert.deepEqual((await store.findAuditId(evs[0]!['auditID'] as string)).map((x) => x.stage).sort(), ['RequestReceived', 'ResponseComplete']);
      assert.deepEqual(await store.findAuditId('no-such-id'), []);
    });

    test('a conflicting duplicate (same auditID and stage, other content) goes to the quarantine, once; a retry does not', async (t) => {
      const f = await factory(t);
      if (!f) return;
      const store = await f.open();
      t.after(() => store.close());
      const evs = syntheticEvents(8, { seed: 13 });
      await store.append(evs.slice(0, 5).map(toIncoming), RECEIVED);
      const rewritten = { ...evs[2]!, verb: 'list', user: { username: 'nobody', groups: [] } } as JsonObject;
      // A retry of 0..4, a rewrite of entry 2, two new events and an in-batch conflict of the first new one.
      const batch = [...evs.slice(0, 5), rewritten, evs[5]!, evs[6]!, { ...evs[5]!, verb: 'delete' } as JsonObject];
      const r = await store.append(batch.map((e) => ({ ...toIncoming(e), source: 'f.jsonl:1' })), RECEIVED);
      assert.deepEqual(r, { appended: 2, duplicates: 5, conflicts: 2, quarantined: 2, size: 7 });
      const again = await store.append([toIncoming(rewritten)], RECEIVED);
      assert.deepEqual(again, { appended: 0, duplicates: 0, conflicts: 1, quarantined: 0, size: 7 }, 'the same conflict is kept once');
      const q = await store.quarantine();
      assert.deepEqual(q.map((x) => [x.auditId, x.stage, x.conflictsWith, x.source]), [
        [evs[2]!['auditID'], evs[2]!['stage'], 2, 'f.jsonl:1'],
        [evs[5]!['auditID'], evs[5]!['stage'], 5, 'f.jsonl:1'],
      ]);
      assert.equal(q[0]!.raw.toString(), canonicalize(rewritten), 'the conflicting version is kept whole');
      assert.match(q[0]!.reason, /^conflicting duplicate: the auditID and stage of entry 2 with different content$/);
      assert.equal(canonicalize(parseLeaf((await store.leaf(2))!.leaf).event), canonicalize(evs[2]), 'the log keeps the first version');
      const { verifier, secret } = generateNoteKey('test.example/audit');
      await writeCheckpoint(store, parseSignerKey(secret));
      const report = await verifyStore(store, { verifier });
      assert.deepEqual(report.problems, []);
      assert.deepEqual([report.quarantined, report.conflicts], [2, 2]);
    });

    test('rejected items are kept raw in the quarantine with their batch, counted and checked by verify', async (t) => {
      const f = await factory(t);
      if (!f) return;
      const store = await f.open();
      t.after(() => store.close());
      const raw = Buffer.from('{"kind":"Event","verb":"get"}');
      const r = await store.append(syntheticEvents(3, { seed: 14 }).map(toIncoming), {
        ...RECEIVED, cluster: 'prod-1', quarantine: [{ reason: 'item 3: auditID is missing', source: 'receiver', raw }, { reason: 'malformed JSON', source: 'a.log:9', raw: Buffer.from('{"x":') }],
      });
      assert.deepEqual(r, { appended: 3, duplicates: 0, conflicts: 0, quarantined: 2, size: 3 });
      const again = await store.append([], { ...RECEIVED, quarantine: [{ reason: 'item 3: auditID is missing', source: 'receiver', raw }] });
      assert.equal(again.quarantined, 0, 'the same bytes are kept once');
      const q = await store.quarantine();
      assert.deepEqual(q.map((x) => [x.reason, x.source, x.cluster, x.raw.toString(), x.receivedAt]), [
        ['item 3: auditID is missing', 'receiver', 'prod-1', raw.toString(), RECEIVED.receivedAt],
        ['malformed JSON', 'a.log:9', 'prod-1', '{"x":', RECEIVED.receivedAt],
      ]);
      const { verifier } = generateNoteKey('test.example/audit');
      const clean = await verifyStore(store, { verifier });
      assert.deepEqual([clean.ok, clean.quarantined, clean.conflicts], [true, 2, 0]);
      await f.tamper('UPDATE quarantine SET raw = $1 WHERE id = $2', [Buffer.from('{"kind":"Event","verb":"list"}'), q[0]!.id]);
      const edited = await verifyStore(store, { verifier });
      assert.equal(edited.ok, false);
      assert.match(edited.problems[0]!.message, new RegExp(`quarantine row #${q[0]!.id}: its bytes do not match their stored hash`));
    });

    test('roots and proofs over the cached subtrees agree with an independent computation', async (t) => {
      const f = await factory(t);
      if (!f) return;
      const store = await f.open();
      t.after(() => store.close());
      const evs = syntheticEvents(1100, { seed: 5 });
      // Uneven batches so cached subtrees are closed across transaction boundaries.
      for (const [a, b] of [[0, 1], [1, 300], [300, 555], [555, 1024], [1024, 1100]] as const) {
        await store.append(evs.slice(a, b).map(toIncoming), RECEIVED);
      }
      const hashes = (await allLeaves(store)).map((l) => l.hash);
      assert.equal(hashes.length, 1100);
      for (const n of [1, 2, 255, 256, 257, 512, 1000, 1024, 1100]) {
        assert.ok((await rootAt(store, n)).equals(rootOf(hashes.slice(0, n))), `root at ${n}`);
      }
      const root = rootOf(hashes);
      for (const i of [0, 1, 255, 256, 511, 700, 1023, 1024, 1099]) {
        const p = await inclusionAt(store, i, 1100);
        assert.ok(verifyInclusion(i, 1100, hashes[i]!, p, root), `inclusion ${i}`);
      }
      for (const m of [1, 7, 256, 300, 1024, 1099]) {
        const p = await consistencyBetween(store, m, 1100);
        assert.ok(verifyConsistency(m, 1100, rootOf(hashes.slice(0, m)), root, p), `consistency ${m}`);
      }
    });

    test('checkpoints are kept in order and the trail verifies', async (t) => {
      const f = await factory(t);
      if (!f) return;
      const store = await f.open();
      t.after(() => store.close());
      const { secret, verifier } = generateNoteKey('test.example/audit');
      const signer = parseSignerKey(secret);
      await store.append(syntheticEvents(40, { seed: 9 }).map(toIncoming), RECEIVED);
      const c1 = await writeCheckpoint(store, signer);
      await store.append(syntheticEvents(300, { seed: 9 }, 40).map(toIncoming), RECEIVED);
      const c2 = await writeCheckpoint(store, signer);
      assert.equal(c1.size, 40);
      assert.equal(c2.size, 340);
      assert.equal(await store.addCheckpoint(10, c1.note, new Date().toISOString()), false, 'an older checkpoint is refused');
      assert.equal((await store.checkpoints()).length, 2);
      const report = await verifyStore(store, { verifier });
      assert.deepEqual(report.problems, []);
      assert.equal(report.entries, 340);
      assert.equal(report.root, c2.root.toString('base64'));
      await store.setMeta('k', 'v1');
      await store.setMeta('k', 'v2');
      assert.equal(await store.getMeta('k'), 'v2');
      assert.equal(await store.getMeta('absent'), undefined);
    });

    test('concurrent writers on separate connections get disjoint, contiguous sequence numbers', async (t) => {
      const f = await factory(t);
      if (!f) return;
      const writers = await Promise.all([f.open(), f.open(), f.open()]);
      t.after(() => Promise.all(writers.map((w) => w.close())));
      const evs = syntheticEvents(900, { seed: 11 });
      // Each writer sends its own third plus an overlap with the next writer's, in small batches.
      await Promise.all(writers.map(async (w, k) => {
        const mine = evs.slice(k * 300, Math.min(900, k * 300 + 350));
        for (let i = 0; i < mine.length; i += 25) await w.append(mine.slice(i, i + 25).map(toIncoming), RECEIVED);
      }));
      const store = writers[0]!;
      assert.equal(await store.size(), 900);
      const leaves = await allLeaves(store);
      assert.deepEqual(leaves.map((l) => l.seq), [...Array(900).keys()]);
      const ids = new Set(leaves.map((l) => parseLeaf(l.leaf).event['auditID']));
      assert.equal(ids.size, 900);
      const { secret, verifier } = generateNoteKey('test.example/audit');
      await writeCheckpoint(writers[1]!, parseSignerKey(secret));
      const report = await verifyStore(store, { verifier });
      assert.deepEqual(report.problems, []);
    });

    // Issue 17: every column derived from a leaf is checked against it, one test per column.
    const columnCases: readonly { column: string; edit: string | string[]; params: (ids: string[]) => unknown[]; expect: RegExp }[] = [
      { column: 'leaves.audit_id', edit: 'UPDATE leaves SET audit_id = $1 WHERE seq = 123', params: () => ['forged-id'], expect: /^entry 123: the audit_id column does not match the leaf/ },
      { column: 'leaves.stage', edit: "UPDATE leaves SET stage = 'Panic' WHERE seq = 77", params: () => [], expect: /^entry 77: the stage column does not match the leaf/ },
      {
        column: 'leaves.audit_id swapped between two entries',
        edit: ["UPDATE leaves SET audit_id = 'swap' WHERE seq = 200", 'UPDATE leaves SET audit_id = $1 WHERE seq = 201', 'UPDATE leaves SET audit_id = $2 WHERE seq = 200'],
        params: (ids) => [ids[200], ids[201]], expect: /^entry 200: the audit_id column does not match the leaf/,
      },
      { column: 'leaves.hash', edit: 'UPDATE leaves SET hash = $1 WHERE seq = 5', params: () => [Buffer.alloc(32, 7)], expect: /^entry 5: record does not match its stored leaf hash/ },
      { column: 'leaves.seq (moved)', edit: 'UPDATE leaves SET seq = 1000 WHERE seq = 299', params: () => [], expect: /^entry 299 is missing|^the head records 300 entries but 299 are stored/ },
      { column: 'nodes.hash', edit: 'UPDATE nodes SET hash = $1 WHERE level = 8 AND idx = 0', params: () => [Buffer.alloc(32, 9)], expect: /cached subtree over entries 0\.\.255 does not match/ },
      { column: 'head.size', edit: 'UPDATE head SET size = 299', params: () => [], expect: /the head records 299 entries but 300 are stored/ },
      { column: 'checkpoints.size', edit: 'UPDATE checkpoints SET size = 10', params: () => [], expect: /stored size 10 differs from its signed size 300/ },
      { column: 'quarantine.audit_id', edit: "UPDATE quarantine SET audit_id = 'forged-id'", params: () => [], expect: /quarantine row #\d+: its audit_id or stage column does not match its bytes/ },
      { column: 'quarantine.stage', edit: "UPDATE quarantine SET stage = 'Panic'", params: () => [], expect: /quarantine row #\d+: its audit_id or stage column does not match its bytes/ },
      { column: 'quarantine.hash', edit: 'UPDATE quarantine SET hash = $1', params: () => [Buffer.alloc(32, 3)], expect: /quarantine row #\d+: its bytes do not match their stored hash/ },
    ];
    for (const c of columnCases) {
      test(`verify checks ${c.column} against what it is derived from`, async (t) => {
        const f = await factory(t);
        if (!f) return;
        const store = await f.open();
        t.after(() => store.close());
        const evs = syntheticEvents(300, { seed: 15 });
        await store.append(evs.map(toIncoming), RECEIVED);
        await store.append([toIncoming({ ...evs[3]!, verb: 'patch' } as JsonObject)], RECEIVED);
        const { secret, verifier } = generateNoteKey('test.example/audit');
        await writeCheckpoint(store, parseSignerKey(secret));
        assert.deepEqual((await verifyStore(store, { verifier })).problems, [], 'clean before the edit');
        const params = c.params(evs.map((e) => e['auditID'] as string));
        // Each statement gets only the placeholders it names.
        for (const sql of Array.isArray(c.edit) ? c.edit : [c.edit]) {
          const used = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
          await f.tamper(sql.replace(/\$(\d+)/g, (_, n: string) => `$${used.indexOf(Number(n)) + 1}`), used.map((n) => params[n - 1]));
        }
        const r = await verifyStore(store, { verifier });
        assert.equal(r.ok, false, `${c.column} edit is caught`);
        assert.match(r.problems.map((p) => p.message).join('\n'), c.expect);
      });
    }

    test('lookup columns verify on leaves whose nested objects, annotations and strings imitate them', async (t) => {
      const f = await factory(t);
      if (!f) return;
      const store = await f.open();
      t.after(() => store.close());
      const [a, b, c] = syntheticEvents(3, { seed: 16 });
      const tricky: JsonObject[] = [
        { ...a!, auditID: 'id "quoted" \\ back\\slash ünïcödé \u2028', annotations: { auditID: 'decoy', stage: 'decoy' }, requestObject: { auditID: 'x', stage: 'y', s: '\\"stage\\":"z"' } } as JsonObject,
        { ...b!, stage: undefined, aa: { auditID: 'decoy' }, zz: [{ stage: 'decoy' }, '"stage":"decoy"'] } as unknown as JsonObject,
        { ...c!, stage: '' } as JsonObject,
      ];
      await store.append(tricky.map((e) => toIncoming(JSON.parse(JSON.stringify(e)) as JsonObject)), { ...RECEIVED, cluster: 'c,"event":{"auditID":"no"}' });
      const { verifier } = generateNoteKey('test.example/audit');
      const r = await verifyStore(store, { verifier });
      assert.deepEqual(r.problems, []);
      assert.deepEqual((await allLeaves(store)).map((l) => [l.auditId, l.stage]), [[tricky[0]!['auditID'], a!['stage']], [b!['auditID'], ''], [c!['auditID'], '']]);
    });
  });
}

contract('sqlite', sqlite);
contract('postgres', postgres);
