import { Worker } from 'node:worker_threads';
import type { LeafBatch } from './leaf-hash-worker.js';
import { columnsMatch, eventSpan } from './leaf-fields.js';
import { HASH_SIZE, leafHash } from './merkle.js';

/** Computes leaf hashes, and checks each leaf's lookup columns, off the calling thread; results in submission order. */
export interface LeafHasher {
  /** Leaf hashes of `leaves`, in order (each a 32-byte view), and per leaf 1 when its [audit_id, stage] columns match it. */
  hash(leaves: readonly Uint8Array[], columns?: readonly (readonly [string, string])[]): Promise<HashedBatch>;
  close(): Promise<void>;
}

export interface HashedBatch {
  readonly hashes: Buffer[];
  readonly columnsOk?: Uint8Array;
}

/** 1 per leaf whose audit_id and stage columns are what the leaf says; shared by the inline and worker hashers. */
export function checkColumns(leaves: readonly Uint8Array[], columns: readonly (readonly [string, string])[]): Uint8Array {
  const ok = new Uint8Array(leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    const l = leaves[i] as Uint8Array;
    const b = Buffer.from(l.buffer, l.byteOffset, l.byteLength);
    const span = eventSpan(b);
    const c = columns[i];
    ok[i] = span && c && columnsMatch(b, span, c[0], c[1]) ? 1 : 0;
  }
  return ok;
}

function split(hashes: Buffer, count: number): Buffer[] {
  const out: Buffer[] = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) out[i] = hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  return out;
}

/** Same results on the calling thread: for small logs, or where a worker cannot start. */
export function inlineLeafHasher(): LeafHasher {
  return {
    hash: async (leaves, columns) => ({ hashes: leaves.map((l) => leafHash(l)), ...(columns ? { columnsOk: checkColumns(leaves, columns) } : {}) }),
    close: async () => undefined,
  };
}

/** A worker thread that hashes batches while the caller reads the next one from the store. */
export function workerLeafHasher(): LeafHasher {
  const worker = new Worker(new URL('./leaf-hash-worker.js', import.meta.url));
  const pending = new Map<number, { count: number; resolve: (h: HashedBatch) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const failAll = (e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (m: { id: number; hashes: ArrayBuffer; columnsOk?: ArrayBuffer }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    p.resolve({ hashes: split(Buffer.from(m.hashes), p.count), ...(m.columnsOk ? { columnsOk: new Uint8Array(m.columnsOk) } : {}) });
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`leaf hash worker exited with code ${code}`)));
  return {
    hash(leaves, columns) {
      let total = 0;
      for (const l of leaves) total += l.length;
      // One packed, transferable buffer per batch instead of thousands of small messages.
      const data = Buffer.allocUnsafeSlow(total);
      const ends = new Uint32Array(leaves.length);
      let at = 0;
      leaves.forEach((l, i) => {
        data.set(l, at);
        at += l.length;
        ends[i] = at;
      });
      const id = nextId++;
      return new Promise<HashedBatch>((resolve, reject) => {
        pending.set(id, { count: leaves.length, resolve, reject });
        // One native JSON string for the batch's columns: cheaper to send than thousands of small strings.
        const batch: LeafBatch = { id, data: data.buffer as ArrayBuffer, ends: ends.buffer, ...(columns ? { columns: JSON.stringify(columns) } : {}) };
        worker.postMessage(batch, [batch.data, batch.ends]);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
