import { createHash, hash } from 'node:crypto';

/** RFC 9162 §2.1 Merkle tree hashing with SHA-256 and domain separation. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

// One-shot hashing of the 65-byte node input is markedly faster than a streaming Hash object.
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer') as unknown as Buffer;
}

/** Hash of the perfect subtree holding leaves [index << level, (index + 1) << level). */
export type SubtreeSource = (level: number, index: number) => Buffer;

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}

/** Largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function log2(n: number): number {
  return Math.round(Math.log2(n));
}

/** MTH of leaves [start, end), built from perfect aligned subtrees. */
export function rangeHash(start: number, end: number, src: SubtreeSource): Buffer {
  const n = end - start;
  if (n <= 0) return emptyRoot();
  if (isPowerOfTwo(n) && start % n === 0) return src(log2(n), start / n);
  const k = splitPoint(n);
  return nodeHash(rangeHash(start, start + k, src), rangeHash(start + k, end, src));
}

/** RFC 6962 §2.1.1 PATH(m, D[start:end]). */
function path(m: number, start: number, end: number, src: SubtreeSource, out: Buffer[]): void {
  const n = end - start;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    path(m, start, start + k, src, out);
    out.push(rangeHash(start + k, end, src));
  } else {
    path(m - k, start + k, end, src, out);
    out.push(rangeHash(start, start + k, src));
  }
}

export function inclusionProof(index: number, size: number, src: SubtreeSource): Buffer[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const out: Buffer[] = [];
  path(index, 0, size, src, out);
  return out;
}

/** RFC 6962 §2.1.2 SUBPROOF(m, D[start:end], b). */
function subproof(m: number, start: number, end: number, complete: boolean, src: SubtreeSource, out: Buffer[]): void {
  const n = end - start;
  if (m === n) {
    if (!complete) out.push(rangeHash(start, end, src));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(m, start, start + k, complete, src, out);
    out.push(rangeHash(start + k, end, src));
  } else {
    subproof(m - k, start + k, end, false, src, out);
    out.push(rangeHash(start, start + k, src));
  }
}

export function consistencyProof(first: number, second: number, src: SubtreeSource): Buffer[] {
  if (!(first >= 0 && first <= second)) throw new RangeError(`no consistency proof from size ${first} to ${second}`);
  if (first === 0 || first === second) return [];
  const out: Buffer[] = [];
  subproof(first, 0, second, true, src, out);
  return out;
}

/** The perfect subtrees a computation reads, so an asynchronous store can fetch them in one go. */
export function subtreesNeeded(compute: (src: SubtreeSource) => unknown): [number, number][] {
  const seen = new Map<string, [number, number]>();
  const zero = Buffer.alloc(HASH_SIZE);
  compute((level, index) => {
    seen.set(`${level}/${index}`, [level, index]);
    return zero;
  });
  return [...seen.values()];
}

/** RFC 9162 §2.1.3.2. */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(root);
}

/** RFC 9162 §2.1.4.2; sizes 0 and equal sizes are accepted only with an empty proof. */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path: Uint8Array[] = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0] as Uint8Array;
  let sr: Uint8Array = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(fr).equals(firstRoot) && Buffer.from(sr).equals(secondRoot);
}

/** The right edge of a tree: one perfect subtree per set bit of its size, largest first. */
export interface Frontier {
  size: number;
  readonly nodes: { level: number; hash: Buffer }[];
}

export function emptyFrontier(): Frontier {
  return { size: 0, nodes: [] };
}

/** The frontier of a tree of `size` leaves, read from perfect subtrees. */
export function frontierAt(size: number, src: SubtreeSource): Frontier {
  const nodes: { level: number; hash: Buffer }[] = [];
  let offset = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (Math.floor(size / width) % 2 === 1) {
      nodes.push({ level, hash: src(level, offset / width) });
      offset += width;
    }
  }
  return { size, nodes };
}

/** Appends a leaf hash; `completed` hears of every perfect subtree (level >= 1) the append closes. */
export function frontierAppend(f: Frontier, hash: Buffer, completed?: (level: number, index: number, hash: Buffer) => void): void {
  f.nodes.push({ level: 0, hash });
  f.size += 1;
  for (;;) {
    const n = f.nodes.length;
    const right = f.nodes[n - 1];
    const left = f.nodes[n - 2];
    if (!right || !left || left.level !== right.level) break;
    const level = left.level + 1;
    const merged = { level, hash: nodeHash(left.hash, right.hash) };
    f.nodes.splice(n - 2, 2, merged);
    if (completed) completed(level, f.size / 2 ** level - 1, merged.hash);
  }
}

export function frontierRoot(f: Frontier): Buffer {
  const last = f.nodes[f.nodes.length - 1];
  if (!last) return emptyRoot();
  let r = last.hash;
  for (let i = f.nodes.length - 2; i >= 0; i--) r = nodeHash((f.nodes[i] as { hash: Buffer }).hash, r);
  return r;
}

export function rootOf(leafHashes: readonly Buffer[]): Buffer {
  const f = emptyFrontier();
  for (const h of leafHashes) frontierAppend(f, h);
  return frontierRoot(f);
}

/** A subtree source over leaf hashes held in memory (tests, small trees, the proof checker). */
export function memorySource(leafHashes: readonly Buffer[]): SubtreeSource {
  const cache = new Map<string, Buffer>();
  const get = (level: number, index: number): Buffer => {
    if (level === 0) {
      const h = leafHashes[index];
      if (!h) throw new RangeError(`leaf ${index} is missing`);
      return h;
    }
    const key = `${level}/${index}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const h = nodeHash(get(level - 1, index * 2), get(level - 1, index * 2 + 1));
    cache.set(key, h);
    return h;
  };
  return get;
}
