import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  consistencyProof, emptyFrontier, emptyRoot, frontierAppend, frontierAt, frontierRoot, inclusionProof, leafHash,
  memorySource, rangeHash, rootOf, verifyConsistency, verifyInclusion,
} from '../../src/audit/merkle.js';

const hex = (b: Buffer): string => b.toString('hex');
const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

// Reference MTH, PATH and PROOF written straight from RFC 9162 §2.1, independent of the implementation's shortcuts.
function refMth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.from([0]), d[0] as Buffer);
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return sha(Buffer.from([1]), refMth(d.slice(0, k)), refMth(d.slice(k)));
}
function refPath(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return m < k ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))] : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}
function refSubproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [refMth(d)];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return m <= k ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))] : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}

const data = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from(`e${i}`));

test('RFC 9162 test vectors from the research notes', () => {
  assert.equal(hex(emptyRoot()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const [l0, l1, l2] = data(3).map((d) => leafHash(d)) as [Buffer, Buffer, Buffer];
  assert.equal(hex(l0), '956ae51bd3e285ccb826298dd523dd08824ce5579749994f2e0021737b9dd4b8');
  assert.equal(hex(l1), 'd38b823b070424fc9303ff6f20f4ddeef6dc32aa02c75d9c8c3ae46062c78f6b');
  assert.equal(hex(l2), 'e76eb1b97b06757150f95e06357a7dc404ca511b63a90330a56a94df3d0d66d1');
  assert.equal(hex(rootOf([l0, l1])), '718fa0369d7475099bc6cb4327e3823a4972285f92bd49971a583c9f08ffb68d');
  const root3 = rootOf([l0, l1, l2]);
  assert.equal(hex(root3), '64b249c4e0606e3d9742c49bfd57cd1e3eb170f5ccefa26ea045ca193d64a75f');
  assert.equal(root3.toString('base64'), 'ZLJJxOBgbj2XQsSb/VfNHj6xcPXM76JuoEXKGT1kp18=');
  const src = memorySource([l0, l1, l2]);
  assert.deepEqual(inclusionProof(1, 3, src).map(hex), [hex(l0), hex(l2)]);
  assert.deepEqual(consistencyProof(2, 3, src).map(hex), [hex(l2)]);
  assert.ok(verifyInclusion(1, 3, l1, [l0, l2], root3));
  assert.ok(verifyConsistency(2, 3, rootOf([l0, l1]), root3, [l2]));
});

test('roots, inclusion and consistency proofs match the RFC definitions for every size up to 70', () => {
  const all = data(70);
  const hashes = all.map((d) => leafHash(d));
  const src = memorySource(hashes);
  const f = emptyFrontier();
  for (let n = 1; n <= 70; n++) {
    frontierAppend(f, hashes[n - 1] as Buffer);
    const d = all.slice(0, n);
    const root = refMth(d);
    assert.equal(hex(frontierRoot(f)), hex(root), `root of ${n}`);
    assert.equal(hex(rangeHash(0, n, src)), hex(root));
    assert.equal(hex(frontierRoot(frontierAt(n, src))), hex(root));
    for (let m = 0; m < n; m++) {
      const p = inclusionProof(m, n, src);
      assert.deepEqual(p.map(hex), refPath(m, d).map(hex), `path ${m}/${n}`);
      assert.ok(verifyInclusion(m, n, hashes[m] as Buffer, p, root));
      assert.ok(!verifyInclusion(m, n, hashes[(m + 1) % n] as Buffer, p, root) || n === 1, `wrong leaf ${m}/${n}`);
    }
    for (let m = 1; m <= n; m++) {
      const p = consistencyProof(m, n, src);
      assert.deepEqual(p.map(hex), (m === n ? [] : refSubproof(m, d, true)).map(hex), `consistency ${m}->${n}`);
      assert.ok(verifyConsistency(m, n, refMth(all.slice(0, m)), root, p), `verify consistency ${m}->${n}`);
    }
  }
});

test('verification rejects tampered, padded and truncated proofs', () => {
  const hashes = data(13).map((d) => leafHash(d));
  const src = memorySource(hashes);
  const root = rootOf(hashes);
  const p = inclusionProof(5, 13, src);
  assert.ok(verifyInclusion(5, 13, hashes[5] as Buffer, p, root));
  assert.ok(!verifyInclusion(5, 13, hashes[5] as Buffer, [...p, hashes[0] as Buffer], root), 'extra element');
  assert.ok(!verifyInclusion(5, 13, hashes[5] as Buffer, p.slice(0, -1), root), 'missing element');
  assert.ok(!verifyInclusion(4, 13, hashes[5] as Buffer, p, root), 'wrong index');
  assert.ok(!verifyInclusion(5, 8, hashes[5] as Buffer, p, root), 'wrong size');
  assert.ok(!verifyInclusion(13, 13, hashes[5] as Buffer, p, root), 'index out of range');
  const bad = p.map((h) => Buffer.from(h));
  (bad[1] as Buffer)[0] = ((bad[1] as Buffer)[0] as number) ^ 1;
  assert.ok(!verifyInclusion(5, 13, hashes[5] as Buffer, bad, root), 'flipped bit');

  const r7 = rootOf(hashes.slice(0, 7));
  const c = consistencyProof(7, 13, src);
  assert.ok(verifyConsistency(7, 13, r7, root, c));
  assert.ok(!verifyConsistency(7, 13, r7, root, [...c, hashes[0] as Buffer]), 'extra element');
  assert.ok(!verifyConsistency(7, 13, r7, root, c.slice(1)), 'missing element');
  assert.ok(!verifyConsistency(6, 13, r7, root, c), 'wrong first size');
  assert.ok(!verifyConsistency(7, 13, rootOf(hashes.slice(0, 6)), root, c), 'wrong first root');
  assert.ok(!verifyConsistency(7, 13, r7, root, []), 'empty proof');
  assert.ok(!verifyConsistency(8, 7, r7, root, c), 'shrinking tree');
  assert.ok(verifyConsistency(13, 13, root, root, []));
  assert.ok(!verifyConsistency(13, 13, root, r7, []));
});
