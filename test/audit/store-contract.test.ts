import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { toIncoming, parseLeaf } from '../../src/audit/event.js';
import { canonicalize } from '../../src/audit/canonical-json.js';
import { leafHash, rootOf, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { generateNoteKey, parseSignerKey } from '../../src/audit/note.js';
import type { AuditStore } from '../../src/audit/store/store.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { openPostgresStore } from '../../src/audit/store/postgres.js';
import { consistencyBetween, inclusionAt, rootAt } from '../../src/audit/store/tree.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { verifyStore } from '../../src/audit/verify.js';
import { writeCheckpoint } from '../../src/audit/trail.js';
import { dropPgSchema, pgUrlOrSkip, tempDir } from './helpers.js';

/** One contract, two stores: every behaviour the CLI relies on is checked against SQLite and PostgreSQL alike. */
type Factory = (t: TestContext) => Promise<{ open: () => Promise<AuditStore> } | undefined>;

const sqlite: Factory = async (t) => {
  const file = join(tempDir(t), 'trail.db');
  return { open: async () => openSqliteStore(file) };
};

const postgres: Factory = async (t) => {
  const url = pgUrlOrSkip(t);
  if (!url) return undefined;
  t.after(() => dropPgSchema(url));
  return { open: () => openPostgresStore(url) };
};

const RECEIVED = { receivedAt: '2026-09-01T09:00:00.000Z' };

async function allLeaves(store: AuditStore): Promise<{ seq: number; hash: Buffer; leaf: Buffer }[]> {
  const out = [];
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
      assert.deepEqual(r1, { appended: 6, duplicates: 0, size: 6 });
      // Retried batch overlapping the first, with an in-batch duplicate and a new stage of a known auditID.
      const again = [...evs.slice(4, 10), evs[9]!, { ...evs[0]!, stage: 'RequestReceived' }];
      const r2 = await store.append(again.map(toIncoming), { ...RECEIVED, cluster: 'prod-1' });
      assert.deepEqual(r2, { appended: 5, duplicates: 3, size: 11 });
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
  });
}

contract('sqlite', sqlite);
contract('postgres', postgres);
