import { Worker } from 'node:worker_threads';
import type { LeafBatch } from './leaf-hash-worker.js';
import { HASH_SIZE, leafHash } from './merkle.js';

/** Computes leaf hashes off the calling thread; results come back in submission order. */
export interface LeafHasher {
  /** Leaf hashes of `leaves`, in order (each a 32-byte view). */
  hash(leaves: readonly Uint8Array[]): Promise<Buffer[]>;
  close(): Promise<void>;
}

function split(hashes: Buffer, count: number): Buffer[] {
  const out: Buffer[] = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) out[i] = hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  return out;
}

/** Same results on the calling thread: for small logs, or where a worker cannot start. */
export function inlineLeafHasher(): LeafHasher {
  return { hash: async (leaves) => leaves.map((l) => leafHash(l)), close: async () => undefined };
}

/** A worker thread that hashes batches while the caller reads the next one from the store. */
export function workerLeafHasher(): LeafHasher {
  const worker = new Worker(new URL('./leaf-hash-worker.js', import.meta.url));
  const pending = new Map<number, { count: number; resolve: (h: Buffer[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const failAll = (e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (m: { id: number; hashes: ArrayBuffer }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    p.resolve(split(Buffer.from(m.hashes), p.count));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`leaf hash worker exited with code ${code}`)));
  return {
    hash(leaves) {
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
      return new Promise<Buffer[]>((resolve, reject) => {
        pending.set(id, { count: leaves.length, resolve, reject });
        const batch: LeafBatch = { id, data: data.buffer as ArrayBuffer, ends: ends.buffer };
        worker.postMessage(batch, [batch.data, batch.ends]);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
