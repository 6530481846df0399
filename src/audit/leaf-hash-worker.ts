/** Worker entry: hashes packed leaf records (RFC 9162 leaf hashes) so verify can read and hash on two cores. */
import { parentPort } from 'node:worker_threads';
import { checkColumns } from './leaf-hasher.js';
import { HASH_SIZE, leafHash } from './merkle.js';

export interface LeafBatch {
  readonly id: number;
  /** The leaves back to back. */
  readonly data: ArrayBuffer;
  /** End offset of each leaf in `data`. */
  readonly ends: ArrayBuffer;
  /** JSON of [audit_id, stage] per leaf, when the caller wants the lookup columns checked. */
  readonly columns?: string;
}

parentPort?.on('message', (batch: LeafBatch) => {
  const data = Buffer.from(batch.data);
  const ends = new Uint32Array(batch.ends);
  const out = Buffer.allocUnsafeSlow(ends.length * HASH_SIZE);
  const leaves: Buffer[] = new Array<Buffer>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    const leaf = data.subarray(start, end);
    leaves[i] = leaf;
    leafHash(leaf).copy(out, i * HASH_SIZE);
    start = end;
  }
  if (batch.columns === undefined) {
    parentPort?.postMessage({ id: batch.id, hashes: out.buffer }, [out.buffer as ArrayBuffer]);
    return;
  }
  const ok = checkColumns(leaves, JSON.parse(batch.columns) as [string, string][]);
  parentPort?.postMessage({ id: batch.id, hashes: out.buffer, columnsOk: ok.buffer }, [out.buffer as ArrayBuffer, ok.buffer as ArrayBuffer]);
});
