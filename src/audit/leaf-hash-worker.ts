/** Worker entry: hashes packed leaf records (RFC 9162 leaf hashes) so verify can read and hash on two cores. */
import { parentPort } from 'node:worker_threads';
import { HASH_SIZE, leafHash } from './merkle.js';

export interface LeafBatch {
  readonly id: number;
  /** The leaves back to back. */
  readonly data: ArrayBuffer;
  /** End offset of each leaf in `data`. */
  readonly ends: ArrayBuffer;
}

parentPort?.on('message', (batch: LeafBatch) => {
  const data = Buffer.from(batch.data);
  const ends = new Uint32Array(batch.ends);
  const out = Buffer.allocUnsafeSlow(ends.length * HASH_SIZE);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    leafHash(data.subarray(start, end)).copy(out, i * HASH_SIZE);
    start = end;
  }
  parentPort?.postMessage({ id: batch.id, hashes: out.buffer }, [out.buffer as ArrayBuffer]);
});
