import { canonicalize } from './canonical-json.js';
import { parseCheckpointText, openCheckpoint } from './checkpoint.js';
import { leafSuffix } from './event.js';
import type { HashedBatch } from './leaf-hasher.js';
import { inlineLeafHasher, workerLeafHasher } from './leaf-hasher.js';
import { emptyFrontier, frontierAppend, frontierRoot } from './merkle.js';
import type { NoteVerifier } from './note.js';
import { eventSpan, lookupColumnsOf } from './leaf-fields.js';
import type { AuditStore, StoredLeaf } from './store/store.js';
import { NODE_CACHE_LEVEL, nodeKey, quarantineHash } from './store/store.js';

/** Recomputes a trail from its leaf records and checks every stored and anchored checkpoint against it. */
export interface VerifyProblem {
  /** The first entry (sequence number) the problem concerns, when there is one. */
  readonly entry?: number;
  readonly checkpoint?: string;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly headSize: number;
  readonly checkpoints: number;
  readonly anchors: number;
  readonly root: string;
  /** Quarantine rows (received but not in the log), and how many of them are conflicting duplicates. */
  readonly quarantined: number;
  readonly conflicts: number;
  readonly problems: readonly VerifyProblem[];
}

export interface VerifyOptions {
  /** The log's public key; checkpoints are only trusted when they verify under it. */
  readonly verifier: NoteVerifier;
  /** Checkpoints kept elsewhere (write-once storage); each must match the recomputed tree. */
  readonly anchors?: readonly { readonly name: string; readonly note: string }[];
  /** Also parse every record and check it is canonical JSON (slower). */
  readonly deep?: boolean;
  readonly onProgress?: (entries: number) => void;
  /** Check the lookup columns (audit_id, stage) against each leaf; default true, false only to measure what it costs. */
  readonly lookupColumns?: boolean;
  /** Hash on a worker thread: true always, false never, absent for logs of PARALLEL_FROM entries or more. */
  readonly parallel?: boolean;
}

// Below this many entries a worker costs more to start than it saves.
const PARALLEL_FROM = 20_000;

interface Expectation {
  readonly label: string;
  readonly size: number;
  readonly root: Buffer;
}

const SUFFIX_SEQ = /,"seq":(\d+),"v":1\}$/;

export async function verifyStore(store: AuditStore, opts: VerifyOptions): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const expectations: Expectation[] = [];
  const stored = await store.checkpoints();
  let lastSize = -1;
  for (const c of stored) {
    const label = `checkpoint #${c.id}`;
    try {
      const cp = openCheckpoint(c.note, opts.verifier);
      if (!cp.verified) {
        problems.push({ checkpoint: label, message: `${label} (size ${cp.size}): signature does not verify under key ${opts.verifier.name}` });
        continue;
      }
      if (c.size !== cp.size) problems.push({ checkpoint: label, message: `${label}: stored size ${c.size} differs from its signed size ${cp.size}` });
      if (cp.size < lastSize) problems.push({ checkpoint: label, message: `${label}: size ${cp.size} is smaller than an earlier checkpoint's ${lastSize}` });
      lastSize = Math.max(lastSize, cp.size);
      expectations.push({ label, size: cp.size, root: cp.root });
    } catch (e) {
      problems.push({ checkpoint: label, message: `${label}: ${(e as Error).message}` });
    }
  }
  for (const a of opts.anchors ?? []) {
    const label = `anchored checkpoint ${a.name}`;
    try {
      const cp = openCheckpoint(a.note, opts.verifier);
      if (!cp.verified) problems.push({ checkpoint: label, message: `${label}: signature does not verify` });
      else expectations.push({ label, size: cp.size, root: cp.root });
    } catch (e) {
      problems.push({ checkpoint: label, message: `${label}: ${(e as Error).message}` });
    }
  }
  const bySize = new Map<number, Expectation[]>();
  for (const x of expectations) bySize.set(x.size, [...(bySize.get(x.size) ?? []), x]);
  const maxExpected = expectations.reduce((m, x) => Math.max(m, x.size), 0);

  const headSize = await store.size();
  const cachedNodes = await store.nodes();
  const f = emptyFrontier();
  let structural: VerifyProblem | undefined;
  let lastGood = 0;
  const checkAt = (size: number): void => {
    for (const x of bySize.get(size) ?? []) {
      if (!frontierRoot(f).equals(x.root)) {
        problems.push({
          entry: lastGood,
          checkpoint: x.label,
          message: `${x.label} (size ${x.size}) does not match the recomputed tree: entries ${lastGood}..${x.size - 1} were rewritten`,
        });
      } else {
        lastGood = size;
      }
    }
  };
  checkAt(0);
  let nodeProblem: VerifyProblem | undefined;
  const onNode = (level: number, index: number, h: Buffer): void => {
    if (level < NODE_CACHE_LEVEL || nodeProblem) return;
    const c = cachedNodes.get(nodeKey(level, index));
    if (!c || !c.equals(h)) {
      const first = index * 2 ** level;
      nodeProblem = { entry: first, message: `cached subtree over entries ${first}..${(index + 1) * 2 ** level - 1} ${c ? 'does not match' : 'is missing'} (proofs would be wrong)` };
    }
  };
  const checkpointSizes = new Set(bySize.keys());
  const scratch = Buffer.alloc(64);
  const checkColumns = opts.lookupColumns !== false;
  // Leaf hashing (SHA-256 over every record) runs on a worker while this thread reads the next batch.
  const hasher = (opts.parallel ?? headSize >= PARALLEL_FROM) ? workerLeafHasher() : inlineLeafHasher();
  const batches = store.scan(0, Number.MAX_SAFE_INTEGER, 8192)[Symbol.asyncIterator]();
  const submit = async (): Promise<{ rows: readonly StoredLeaf[]; hashes: Promise<HashedBatch> } | undefined> => {
    const next = await batches.next();
    if (next.done) return undefined;
    const hashes = hasher.hash(next.value.map((r) => r.leaf), checkColumns ? next.value.map((r) => [r.auditId, r.stage] as const) : undefined);
    // A batch still in flight when verify stops early must not surface as an unhandled rejection.
    hashes.catch(() => undefined);
    return { rows: next.value, hashes };
  };
  try {
    let current = await submit();
    outer: while (current) {
      const following = await submit();
      const { hashes, columnsOk } = await current.hashes;
      for (let i = 0; i < current.rows.length; i++) {
        const row = current.rows[i] as StoredLeaf;
        const seq = f.size;
        if (row.seq !== seq) {
          structural = row.seq > seq
            ? { entry: seq, message: `entry ${seq} is missing (the next stored entry is ${row.seq})` }
            : { entry: row.seq, message: `entry ${row.seq} is out of order` };
          break outer;
        }
        // The expected suffix is written into one reused buffer: no allocation per entry on this hot path.
        const suffixLength = scratch.write(leafSuffix(seq), 'latin1');
        const leaf = row.leaf;
        if (leaf.length < suffixLength || leaf.compare(scratch, 0, suffixLength, leaf.length - suffixLength, leaf.length) !== 0) {
          const tail = leaf.subarray(Math.max(0, leaf.length - 40)).toString('latin1');
          const claimed = SUFFIX_SEQ.exec(tail)?.[1];
          structural = {
            entry: seq,
            message: claimed !== undefined
              ? `entry ${seq} holds the record of entry ${claimed} (entries reordered or moved)`
              : `entry ${seq}: record is not a leaf record`,
          };
          break outer;
        }
        const hash = hashes[i] as Buffer;
        if (!hash.equals(row.hash)) {
          structural = { entry: seq, message: `entry ${seq}: record does not match its stored leaf hash (record edited)` };
          break outer;
        }
        // prove --audit-id, duplicate detection and review look entries up by these columns: they must say what the leaf says.
        if (columnsOk && columnsOk[i] !== 1) {
          const span = eventSpan(leaf);
          const actual = span ? lookupColumnsOf(leaf, span) : undefined;
          const which = !actual ? 'auditID and stage' : [actual.auditId !== row.auditId ? 'audit_id' : '', actual.stage !== row.stage ? 'stage' : ''].filter(Boolean).join(' and ');
          structural = { entry: seq, message: `entry ${seq}: the ${which || 'lookup'} column${which.includes(' and ') ? 's do' : ' does'} not match the leaf (index edited or swapped)` };
          break outer;
        }
        if (opts.deep) {
          try {
            const text = leaf.toString('utf8');
            if (canonicalize(JSON.parse(text)) !== text) throw new Error('not canonical');
          } catch {
            structural = { entry: seq, message: `entry ${seq}: record is not RFC 8785 canonical JSON` };
            break outer;
          }
        }
        frontierAppend(f, hash, onNode);
        if (nodeProblem) {
          structural = nodeProblem;
          break outer;
        }
        if (checkpointSizes.has(f.size)) checkAt(f.size);
      }
      opts.onProgress?.(f.size);
      current = following;
    }
  } finally {
    await batches.return?.();
    await hasher.close();
  }
  if (structural) problems.push(structural);
  else {
    if (f.size !== headSize) problems.push({ entry: Math.min(f.size, headSize), message: `the head records ${headSize} entries but ${f.size} are stored` });
    if (maxExpected > f.size) {
      const x = expectations.find((e) => e.size === maxExpected) as Expectation;
      problems.push({ entry: f.size, checkpoint: x.label, message: `log truncated: ${x.label} commits to ${maxExpected} entries but only ${f.size} are stored; entry ${f.size} is the first missing` });
    }
  }
  const quarantine = await store.quarantine();
  for (const q of quarantine) {
    if (!quarantineHash(q.raw).equals(q.hash)) problems.push({ message: `quarantine row #${q.id}: its bytes do not match their stored hash (edited)` });
    else if (q.conflictsWith !== undefined) {
      const cols = lookupColumnsOf(q.raw, [0, q.raw.length]);
      if (!cols || cols.auditId !== q.auditId || cols.stage !== q.stage) problems.push({ message: `quarantine row #${q.id}: its audit_id or stage column does not match its bytes (edited)` });
    }
  }
  problems.sort((a, b) => (a.entry ?? Infinity) - (b.entry ?? Infinity));
  return {
    ok: problems.length === 0,
    entries: f.size,
    headSize,
    checkpoints: stored.length,
    anchors: opts.anchors?.length ?? 0,
    root: frontierRoot(f).toString('base64'),
    quarantined: quarantine.length,
    conflicts: quarantine.filter((q) => q.conflictsWith !== undefined).length,
    problems,
  };
}

/** Parses an exported checkpoint note without checking it, for naming files. */
export function checkpointSizeOf(note: string): number {
  const cut = note.indexOf('\n\n');
  return parseCheckpointText(note.slice(0, cut + 1)).size;
}
