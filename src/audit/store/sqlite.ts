import type { IncomingEvent } from '../event.js';
import { leafRecord } from '../event.js';
import type { Frontier } from '../merkle.js';
import { frontierAppend, frontierAt, leafHash } from '../merkle.js';
import { eventBytes } from '../leaf-fields.js';
import type { AppendOptions, AppendResult, AuditStore, QuarantineRow, StoredCheckpoint, StoredLeaf } from './store.js';
import { NODE_CACHE_LEVEL, StoreError, conflictItem, nodeKey, perfectHash, quarantineHash } from './store.js';
import { openSqlite } from './sqlite-driver.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL);
INSERT OR IGNORE INTO head (id, size) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS leaves (
  seq INTEGER PRIMARY KEY,
  audit_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  hash BLOB NOT NULL,
  leaf BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS leaves_event ON leaves (audit_id, stage);
CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (id INTEGER PRIMARY KEY, size INTEGER NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quarantine (
  id INTEGER PRIMARY KEY,
  received_at TEXT NOT NULL,
  source TEXT NOT NULL,
  cluster TEXT,
  reason TEXT NOT NULL,
  audit_id TEXT,
  stage TEXT,
  conflicts_with INTEGER,
  hash BLOB NOT NULL UNIQUE,
  raw BLOB NOT NULL
);
`;

interface QuarantineDbRow {
  id: number; received_at: string; source: string; cluster: string | null; reason: string;
  audit_id: string | null; stage: string | null; conflicts_with: number | null; hash: Buffer; raw: Buffer;
}

export interface SqliteOptions {
  /** FULL fsyncs the WAL at every commit; NORMAL may lose the last commits on power loss (not on a process crash). */
  readonly synchronous?: 'FULL' | 'NORMAL';
  readonly readonly?: boolean;
}

/** The embedded trail: one SQLite file in WAL mode; appends are IMMEDIATE transactions, so several processes may write. */
export function openSqliteStore(file: string, opts: SqliteOptions = {}): AuditStore {
  const db = openSqlite(file, { readonly: opts.readonly === true });
  db.exec('PRAGMA busy_timeout = 30000');
  // Memory-mapped reads and a 256 MiB page cache keep the dedup index in memory as the trail grows.
  db.exec('PRAGMA mmap_size = 1073741824');
  db.exec('PRAGMA cache_size = -262144');
  if (!opts.readonly) {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${opts.synchronous ?? 'FULL'}`);
    db.exec(SCHEMA);
  }
  const q = {
    size: db.prepare<[], { size: number }>('SELECT size FROM head WHERE id = 1'),
    setSize: db.prepare<[number]>('UPDATE head SET size = ? WHERE id = 1'),
    insert: db.prepare<[number, string, string, Buffer, Buffer]>('INSERT OR IGNORE INTO leaves (seq, audit_id, stage, hash, leaf) VALUES (?, ?, ?, ?, ?)'),
    insertNode: db.prepare<[number, number, Buffer]>('INSERT OR REPLACE INTO nodes (level, idx, hash) VALUES (?, ?, ?)'),
    node: db.prepare<[number, number], { hash: Buffer }>('SELECT hash FROM nodes WHERE level = ? AND idx = ?'),
    allNodes: db.prepare<[], { level: number; idx: number; hash: Buffer }>('SELECT level, idx, hash FROM nodes'),
    hashes: db.prepare<[number, number], { hash: Buffer }>('SELECT hash FROM leaves WHERE seq >= ? AND seq < ? ORDER BY seq'),
    scan: db.prepareRaw<[number, number, number], [number, string, string, Buffer, Buffer]>(
      'SELECT seq, audit_id, stage, hash, leaf FROM leaves WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT ?'),
    leaf: db.prepare<[number], { seq: number; auditId: string; stage: string; hash: Buffer; leaf: Buffer }>(
      'SELECT seq, audit_id AS auditId, stage, hash, leaf FROM leaves WHERE seq = ?'),
    byKey: db.prepare<[string, string], { seq: number; leaf: Buffer }>('SELECT seq, leaf FROM leaves WHERE audit_id = ? AND stage = ?'),
    quarantine: db.prepare<[string, string, string | null, string, string | null, string | null, number | null, Buffer, Buffer]>(
      'INSERT OR IGNORE INTO quarantine (received_at, source, cluster, reason, audit_id, stage, conflicts_with, hash, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    quarantined: db.prepare<[], QuarantineDbRow>('SELECT * FROM quarantine ORDER BY id'),
    byAuditId: db.prepare<[string], { seq: number; stage: string }>('SELECT seq, stage FROM leaves WHERE audit_id = ? ORDER BY seq'),
    lastCheckpoint: db.prepare<[], { size: number }>('SELECT size FROM checkpoints ORDER BY id DESC LIMIT 1'),
    addCheckpoint: db.prepare<[number, string, string]>('INSERT INTO checkpoints (size, note, created_at) VALUES (?, ?, ?)'),
    checkpoints: db.prepare<[], { id: number; size: number; note: string; created_at: string }>('SELECT id, size, note, created_at FROM checkpoints ORDER BY id'),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };

  const subtree = (level: number, index: number): Buffer => {
    if (level >= NODE_CACHE_LEVEL) {
      const row = q.node.get(level, index);
      if (!row) throw new StoreError(`cached subtree ${nodeKey(level, index)} is missing`);
      return row.hash;
    }
    const width = 2 ** level;
    const rows = q.hashes.all(index * width, (index + 1) * width);
    if (rows.length !== width) throw new StoreError(`leaves ${index * width}..${(index + 1) * width - 1} are incomplete`);
    return perfectHash(rows.map((r) => r.hash));
  };

  // The in-memory right edge of the tree; reloaded whenever another writer moved the head.
  let frontier: Frontier | undefined;

  const appendTx = (events: readonly IncomingEvent[], o: AppendOptions): AppendResult => db.immediate(() => {
    const size = q.size.get()?.size ?? 0;
    if (!frontier || frontier.size !== size) frontier = frontierAt(size, subtree);
    const f = frontier;
    let appended = 0;
    let conflicts = 0;
    let quarantined = 0;
    const keep = (reason: string, source: string, raw: Buffer, key?: { auditId: string; stage: string; seq: number }): void => {
      quarantined += Number(q.quarantine.run(o.receivedAt, source, o.cluster ?? null, reason, key?.auditId ?? null, key?.stage ?? null,
        key?.seq ?? null, quarantineHash(raw), raw).changes);
    };
    for (const item of o.quarantine ?? []) keep(item.reason, item.source, item.raw);
    for (const e of events) {
      const seq = f.size;
      const leaf = Buffer.from(leafRecord(e.canonical, seq, o.receivedAt, o.cluster), 'utf8');
      const hash = leafHash(leaf);
      if (Number(q.insert.run(seq, e.auditID, e.stage, hash, leaf).changes) === 0) {
        const stored = q.byKey.get(e.auditID, e.stage);
        if (stored && !eventBytes(stored.leaf)?.equals(Buffer.from(e.canonical, 'utf8'))) {
          conflicts++;
          const c = conflictItem(e, stored.seq, 'receiver');
          keep(c.reason, c.source, c.raw, { auditId: e.auditID, stage: e.stage, seq: stored.seq });
        }
        continue;
      }
      frontierAppend(f, hash, (level, index, h) => {
        if (level >= NODE_CACHE_LEVEL) q.insertNode.run(level, index, h);
      });
      appended++;
    }
    q.setSize.run(f.size);
    return { appended, duplicates: events.length - appended - conflicts, conflicts, quarantined, size: f.size };
  });

  const store: AuditStore = {
    kind: 'sqlite',
    location: file,
    async append(events, o) {
      try {
        return appendTx(events, o);
      } catch (e) {
        frontier = undefined;
        throw e;
      }
    },
    async size() {
      return q.size.get()?.size ?? 0;
    },
    async *scan(from, to, chunk = 4096) {
      let next = from;
      while (next < to) {
        const raw = q.scan.all(next, to, chunk);
        if (raw.length === 0) return;
        const rows: StoredLeaf[] = raw.map(([seq, auditId, stage, hash, leaf]) => ({ seq, auditId, stage, hash, leaf }));
        yield rows;
        next = (rows[rows.length - 1] as StoredLeaf).seq + 1;
      }
    },
    async leafHashes(from, to) {
      return q.hashes.all(from, to).map((r) => r.hash);
    },
    async nodes(wanted) {
      const out = new Map<string, Buffer>();
      if (wanted) {
        for (const [level, index] of wanted) {
          const row = q.node.get(level, index);
          if (row) out.set(nodeKey(level, index), row.hash);
        }
      } else {
        for (const r of q.allNodes.iterate()) out.set(nodeKey(r.level, r.idx), r.hash);
      }
      return out;
    },
    async leaf(seq) {
      return q.leaf.get(seq);
    },
    async findAuditId(id) {
      return q.byAuditId.all(id);
    },
    async addCheckpoint(size, note, createdAt) {
      return db.immediate(() => {
        const last = q.lastCheckpoint.get();
        if (last && last.size > size) return false;
        q.addCheckpoint.run(size, note, createdAt);
        return true;
      });
    },
    async checkpoints(): Promise<StoredCheckpoint[]> {
      return q.checkpoints.all().map((r) => ({ id: r.id, size: r.size, note: r.note, createdAt: r.created_at }));
    },
    async quarantine(): Promise<QuarantineRow[]> {
      return q.quarantined.all().map((r) => ({
        id: r.id, receivedAt: r.received_at, source: r.source, reason: r.reason, hash: r.hash, raw: r.raw,
        ...(r.cluster !== null ? { cluster: r.cluster } : {}),
        ...(r.audit_id !== null ? { auditId: r.audit_id } : {}),
        ...(r.stage !== null ? { stage: r.stage } : {}),
        ...(r.conflicts_with !== null ? { conflictsWith: r.conflicts_with } : {}),
      }));
    },
    async getMeta(key) {
      return q.getMeta.get(key)?.value;
    },
    async setMeta(key, value) {
      q.setMeta.run(key, value);
    },
    async close() {
      db.close();
    },
  };
  return store;
}
