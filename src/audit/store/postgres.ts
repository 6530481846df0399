import pg from 'pg';
import type { PoolClient } from 'pg';
import type { IncomingEvent } from '../event.js';
import { leafRecord } from '../event.js';
import type { Frontier } from '../merkle.js';
import { frontierAppend, frontierAt, leafHash } from '../merkle.js';
import { eventBytes } from '../leaf-fields.js';
import type { AppendOptions, AppendResult, AuditStore, QuarantineRow, StoredCheckpoint, StoredLeaf } from './store.js';
import { NODE_CACHE_LEVEL, StoreError, conflictItem, nodeKey, perfectHash, quarantineHash } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 1), size BIGINT NOT NULL);
INSERT INTO head (id, size) VALUES (1, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS leaves (
  seq BIGINT PRIMARY KEY,
  audit_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  hash BYTEA NOT NULL,
  leaf BYTEA NOT NULL,
  UNIQUE (audit_id, stage)
);
CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL, PRIMARY KEY (level, idx));
CREATE TABLE IF NOT EXISTS checkpoints (id BIGSERIAL PRIMARY KEY, size BIGINT NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quarantine (
  id BIGSERIAL PRIMARY KEY,
  received_at TEXT NOT NULL,
  source TEXT NOT NULL,
  cluster TEXT,
  reason TEXT NOT NULL,
  audit_id TEXT,
  stage TEXT,
  conflicts_with BIGINT,
  hash BYTEA NOT NULL UNIQUE,
  raw BYTEA NOT NULL
);
`;

/** Splits `?schema=NAME` off a connection URL; the schema keeps several trails (or test runs) apart in one database. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string; location: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'phiguard_audit';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new StoreError(`schema "${schema}" must be a lowercase SQL identifier`);
  u.searchParams.delete('schema');
  const safe = new URL(u.toString());
  safe.password = '';
  return { connectionString: u.toString(), schema, location: `${safe.toString()} (schema ${schema})` };
}

/**
 * The shared trail: several receivers and importers may append at once. Each append locks the single head row
 * (SELECT ... FOR UPDATE) inside its transaction, so sequence numbers are assigned by one writer at a time.
 */
export async function openPostgresStore(url: string): Promise<AuditStore> {
  const { connectionString, schema, location } = parsePostgresUrl(url);
  const pool = new pg.Pool({ connectionString, max: 4, options: `-c search_path=${schema}` });
  // An idle client's error (server restart) must not crash the receiver; the next query reports it.
  pool.on('error', () => undefined);
  const setup = await pool.connect();
  try {
    // Two processes creating the schema at once would race on the catalog; a session lock serialises them.
    await setup.query('BEGIN');
    await setup.query('SELECT pg_advisory_xact_lock(7261019)');
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await setup.query(SCHEMA);
    await setup.query('COMMIT');
  } catch (e) {
    await setup.query('ROLLBACK').catch(() => undefined);
    setup.release();
    await pool.end();
    throw e;
  }
  setup.release();

  const subtreeWith = (c: PoolClient) => async (level: number, index: number): Promise<Buffer> => {
    if (level >= NODE_CACHE_LEVEL) {
      const r = await c.query<{ hash: Buffer }>('SELECT hash FROM nodes WHERE level = $1 AND idx = $2', [level, index]);
      const h = r.rows[0]?.hash;
      if (!h) throw new StoreError(`cached subtree ${nodeKey(level, index)} is missing`);
      return h;
    }
    const width = 2 ** level;
    const r = await c.query<{ hash: Buffer }>('SELECT hash FROM leaves WHERE seq >= $1 AND seq < $2 ORDER BY seq', [index * width, (index + 1) * width]);
    if (r.rows.length !== width) throw new StoreError(`leaves ${index * width}..${(index + 1) * width - 1} are incomplete`);
    return perfectHash(r.rows.map((x) => x.hash));
  };

  const loadFrontier = async (c: PoolClient, size: number): Promise<Frontier> => {
    const get = subtreeWith(c);
    const wanted: [number, number][] = [];
    frontierAt(size, (level, index) => {
      wanted.push([level, index]);
      return Buffer.alloc(32);
    });
    const got = new Map<string, Buffer>();
    for (const [level, index] of wanted) got.set(nodeKey(level, index), await get(level, index));
    return frontierAt(size, (level, index) => got.get(nodeKey(level, index)) as Buffer);
  };

  // The in-memory right edge of the tree; reloaded whenever another writer moved the head.
  let frontier: Frontier | undefined;

  const store: AuditStore = {
    kind: 'postgres',
    location,
    async append(events: readonly IncomingEvent[], o: AppendOptions): Promise<AppendResult> {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const head = await c.query<{ size: string }>('SELECT size FROM head WHERE id = 1 FOR UPDATE');
        const size = Number(head.rows[0]?.size ?? 0);
        if (!frontier || frontier.size !== size) frontier = await loadFrontier(c, size);
        const f = frontier;
        // The stored version of each (auditID, stage) seen: its entry and its event bytes, to tell a retry from a conflict.
        const existing = new Map<string, { seq: number; event: Buffer | undefined }>();
        if (events.length > 0) {
          const r = await c.query<{ audit_id: string; stage: string; seq: string; leaf: Buffer }>(
            'SELECT audit_id, stage, seq, leaf FROM leaves WHERE (audit_id, stage) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
            [events.map((e) => e.auditID), events.map((e) => e.stage)]);
          for (const row of r.rows) existing.set(`${row.audit_id}\u0000${row.stage}`, { seq: Number(row.seq), event: eventBytes(row.leaf) });
        }
        const kept: { reason: string; source: string; raw: Buffer; auditId: string | null; stage: string | null; seq: number | null }[] =
          (o.quarantine ?? []).map((x) => ({ ...x, auditId: null, stage: null, seq: null }));
        let conflicts = 0;
        const seqs: number[] = [];
        const ids: string[] = [];
        const stages: string[] = [];
        const hashes: Buffer[] = [];
        const leaves: Buffer[] = [];
        const nodeRows: [number, number, Buffer][] = [];
        for (const e of events) {
          const key = `${e.auditID}\u0000${e.stage}`;
          const stored = existing.get(key);
          if (stored) {
            if (!stored.event?.equals(Buffer.from(e.canonical, 'utf8'))) {
              conflicts++;
              kept.push({ ...conflictItem(e, stored.seq, 'receiver'), auditId: e.auditID, stage: e.stage, seq: stored.seq });
            }
            continue;
          }
          const seq = f.size;
          existing.set(key, { seq, event: Buffer.from(e.canonical, 'utf8') });
          const leaf = Buffer.from(leafRecord(e.canonical, seq, o.receivedAt, o.cluster), 'utf8');
          const hash = leafHash(leaf);
          seqs.push(seq);
          ids.push(e.auditID);
          stages.push(e.stage);
          hashes.push(hash);
          leaves.push(leaf);
          frontierAppend(f, hash, (level, index, h) => {
            if (level >= NODE_CACHE_LEVEL) nodeRows.push([level, index, h]);
          });
        }
        if (seqs.length > 0) {
          await c.query('INSERT INTO leaves (seq, audit_id, stage, hash, leaf) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bytea[], $5::bytea[])',
            [seqs, ids, stages, hashes, leaves]);
        }
        if (nodeRows.length > 0) {
          await c.query('INSERT INTO nodes (level, idx, hash) SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[]) ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash',
            [nodeRows.map((n) => n[0]), nodeRows.map((n) => n[1]), nodeRows.map((n) => n[2])]);
        }
        let quarantined = 0;
        if (kept.length > 0) {
          const r = await c.query(
            'INSERT INTO quarantine (received_at, source, cluster, reason, audit_id, stage, conflicts_with, hash, raw) '
            + 'SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bytea[], $9::bytea[]) ON CONFLICT (hash) DO NOTHING',
            [o.receivedAt, kept.map((k) => k.source), kept.map(() => o.cluster ?? null), kept.map((k) => k.reason), kept.map((k) => k.auditId), kept.map((k) => k.stage),
              kept.map((k) => k.seq), kept.map((k) => quarantineHash(k.raw)), kept.map((k) => k.raw)]);
          quarantined = r.rowCount ?? 0;
        }
        await c.query('UPDATE head SET size = $1 WHERE id = 1', [f.size]);
        await c.query('COMMIT');
        return { appended: seqs.length, duplicates: events.length - seqs.length - conflicts, conflicts, quarantined, size: f.size };
      } catch (e) {
        frontier = undefined;
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    async size() {
      const r = await pool.query<{ size: string }>('SELECT size FROM head WHERE id = 1');
      return Number(r.rows[0]?.size ?? 0);
    },
    async *scan(from, to, chunk = 4096) {
      let next = from;
      while (next < to) {
        const r = await pool.query<{ seq: string; audit_id: string; stage: string; hash: Buffer; leaf: Buffer }>(
          'SELECT seq, audit_id, stage, hash, leaf FROM leaves WHERE seq >= $1 AND seq < $2 ORDER BY seq LIMIT $3', [next, Math.min(to, Number.MAX_SAFE_INTEGER), chunk]);
        if (r.rows.length === 0) return;
        const rows: StoredLeaf[] = r.rows.map((x) => ({ seq: Number(x.seq), auditId: x.audit_id, stage: x.stage, hash: x.hash, leaf: x.leaf }));
        yield rows;
        next = (rows[rows.length - 1] as StoredLeaf).seq + 1;
      }
    },
    async leafHashes(from, to) {
      const r = await pool.query<{ hash: Buffer }>('SELECT hash FROM leaves WHERE seq >= $1 AND seq < $2 ORDER BY seq', [from, to]);
      return r.rows.map((x) => x.hash);
    },
    async nodes(wanted) {
      const out = new Map<string, Buffer>();
      const r = wanted
        ? await pool.query<{ level: number; idx: string; hash: Buffer }>(
          'SELECT level, idx, hash FROM nodes WHERE (level, idx) IN (SELECT * FROM unnest($1::int[], $2::bigint[]))',
          [wanted.map((w) => w[0]), wanted.map((w) => w[1])])
        : await pool.query<{ level: number; idx: string; hash: Buffer }>('SELECT level, idx, hash FROM nodes');
      for (const row of r.rows) out.set(nodeKey(row.level, Number(row.idx)), row.hash);
      return out;
    },
    async leaf(seq) {
      const r = await pool.query<{ seq: string; audit_id: string; stage: string; hash: Buffer; leaf: Buffer }>('SELECT seq, audit_id, stage, hash, leaf FROM leaves WHERE seq = $1', [seq]);
      const row = r.rows[0];
      return row ? { seq: Number(row.seq), auditId: row.audit_id, stage: row.stage, hash: row.hash, leaf: row.leaf } : undefined;
    },
    async findAuditId(id) {
      const r = await pool.query<{ seq: string; stage: string }>('SELECT seq, stage FROM leaves WHERE audit_id = $1 ORDER BY seq', [id]);
      return r.rows.map((x) => ({ seq: Number(x.seq), stage: x.stage }));
    },
    async addCheckpoint(size, note, createdAt) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query('SELECT size FROM head WHERE id = 1 FOR UPDATE');
        const last = await c.query<{ size: string }>('SELECT size FROM checkpoints ORDER BY id DESC LIMIT 1');
        const lastSize = last.rows[0] ? Number(last.rows[0].size) : -1;
        if (lastSize > size) {
          await c.query('ROLLBACK');
          return false;
        }
        await c.query('INSERT INTO checkpoints (size, note, created_at) VALUES ($1, $2, $3)', [size, note, createdAt]);
        await c.query('COMMIT');
        return true;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    async checkpoints(): Promise<StoredCheckpoint[]> {
      const r = await pool.query<{ id: string; size: string; note: string; created_at: string }>('SELECT id, size, note, created_at FROM checkpoints ORDER BY id');
      return r.rows.map((x) => ({ id: Number(x.id), size: Number(x.size), note: x.note, createdAt: x.created_at }));
    },
    async quarantine(): Promise<QuarantineRow[]> {
      const r = await pool.query<{
        id: string; received_at: string; source: string; cluster: string | null; reason: string; audit_id: string | null; stage: string | null;
        conflicts_with: string | null; hash: Buffer; raw: Buffer;
      }>('SELECT * FROM quarantine ORDER BY id');
      return r.rows.map((x) => ({
        id: Number(x.id), receivedAt: x.received_at, source: x.source, reason: x.reason, hash: x.hash, raw: x.raw,
        ...(x.cluster !== null ? { cluster: x.cluster } : {}),
        ...(x.audit_id !== null ? { auditId: x.audit_id } : {}),
        ...(x.stage !== null ? { stage: x.stage } : {}),
        ...(x.conflicts_with !== null ? { conflictsWith: Number(x.conflicts_with) } : {}),
      }));
    },
    async getMeta(key) {
      const r = await pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
      return r.rows[0]?.value;
    },
    async setMeta(key, value) {
      await pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
    async close() {
      await pool.end();
    },
  };
  return store;
}
