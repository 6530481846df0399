import type { SubtreeSource } from '../merkle.js';
import { consistencyProof, frontierAt, frontierRoot, inclusionProof, subtreesNeeded } from '../merkle.js';
import type { AuditStore } from './store.js';
import { NODE_CACHE_LEVEL, StoreError, nodeKey, perfectHash } from './store.js';

/** Tree computations over a store: fetch the subtrees a computation needs, then run it. */
export async function withSubtrees<T>(store: AuditStore, compute: (src: SubtreeSource) => T): Promise<T> {
  const wanted = subtreesNeeded(compute);
  const cached = await store.nodes(wanted.filter(([level]) => level >= NODE_CACHE_LEVEL));
  const hashes = new Map<string, Buffer>(cached);
  for (const [level, index] of wanted) {
    const key = nodeKey(level, index);
    if (hashes.has(key)) continue;
    const width = 2 ** level;
    if (level >= NODE_CACHE_LEVEL) throw new StoreError(`cached subtree ${key} is missing from the store`);
    const leaves = await store.leafHashes(index * width, (index + 1) * width);
    if (leaves.length !== width) throw new StoreError(`leaves ${index * width}..${(index + 1) * width - 1} are incomplete`);
    hashes.set(key, perfectHash(leaves));
  }
  return compute((level, index) => {
    const h = hashes.get(nodeKey(level, index));
    if (!h) throw new StoreError(`subtree ${nodeKey(level, index)} was not fetched`);
    return h;
  });
}

export async function rootAt(store: AuditStore, size: number): Promise<Buffer> {
  return withSubtrees(store, (src) => frontierRoot(frontierAt(size, src)));
}

export async function inclusionAt(store: AuditStore, index: number, size: number): Promise<Buffer[]> {
  return withSubtrees(store, (src) => inclusionProof(index, size, src));
}

export async function consistencyBetween(store: AuditStore, first: number, second: number): Promise<Buffer[]> {
  return withSubtrees(store, (src) => consistencyProof(first, second, src));
}
