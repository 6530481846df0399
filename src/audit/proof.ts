import { openCheckpoint } from './checkpoint.js';
import { leafSuffix, parseLeaf } from './event.js';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.js';
import type { NoteVerifier } from './note.js';

/** Proof bundles an auditor checks offline with `phiguard audit check-proof` and the log's public key. */
export const INCLUSION_KIND = 'phiguard.dev/audit-inclusion-proof/v1';
export const CONSISTENCY_KIND = 'phiguard.dev/audit-consistency-proof/v1';

export interface InclusionBundle {
  readonly kind: typeof INCLUSION_KIND;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** The leaf record exactly as hashed (RFC 8785 text). */
  readonly leaf: string;
  readonly proof: readonly string[];
  /** The signed checkpoint the proof leads to. */
  readonly checkpoint: string;
}

export interface ConsistencyBundle {
  readonly kind: typeof CONSISTENCY_KIND;
  readonly from: { readonly size: number; readonly root: string; readonly checkpoint?: string };
  readonly to: { readonly size: number; readonly root: string; readonly checkpoint: string };
  readonly proof: readonly string[];
}

export type ProofBundle = InclusionBundle | ConsistencyBundle;

export interface ProofCheck {
  readonly ok: boolean;
  readonly message: string;
}

const B64 = /^[A-Za-z0-9+/]{43}=$/;

function hashes(list: unknown): Buffer[] | undefined {
  if (!Array.isArray(list) || !list.every((h) => typeof h === 'string' && B64.test(h))) return undefined;
  return list.map((h: string) => Buffer.from(h, 'base64'));
}

function fail(message: string): ProofCheck {
  return { ok: false, message };
}

/** Checks a proof bundle without the store; `trusted` is a checkpoint the auditor already holds (optional). */
export function checkProof(bundle: unknown, verifier: NoteVerifier, trusted?: string): ProofCheck {
  if (typeof bundle !== 'object' || bundle === null) return fail('proof is not a JSON object');
  const b = bundle as Record<string, unknown>;
  try {
    if (b['kind'] === INCLUSION_KIND) return checkInclusion(b as unknown as InclusionBundle, verifier, trusted);
    if (b['kind'] === CONSISTENCY_KIND) return checkConsistency(b as unknown as ConsistencyBundle, verifier, trusted);
  } catch (e) {
    return fail(`malformed proof: ${(e as Error).message}`);
  }
  return fail(`unknown proof kind ${JSON.stringify(b['kind'])}`);
}

function checkInclusion(b: InclusionBundle, verifier: NoteVerifier, trusted?: string): ProofCheck {
  if (typeof b.leaf !== 'string' || typeof b.checkpoint !== 'string') return fail('proof lacks its leaf or checkpoint');
  const cp = openCheckpoint(b.checkpoint, verifier);
  if (!cp.verified) return fail(`checkpoint signature does not verify under key ${verifier.name}`);
  if (cp.size !== b.treeSize) return fail(`proof is for tree size ${b.treeSize} but the checkpoint is for ${cp.size}`);
  if (trusted !== undefined) {
    const t = openCheckpoint(trusted, verifier);
    if (!t.verified) return fail('trusted checkpoint signature does not verify');
    if (t.size === cp.size && !t.root.equals(cp.root)) return fail('checkpoint contradicts the trusted checkpoint of the same size (split view)');
  }
  if (!b.leaf.endsWith(leafSuffix(b.leafIndex)) || parseLeaf(b.leaf).seq !== b.leafIndex) return fail(`leaf record is not entry ${b.leafIndex}`);
  const path = hashes(b.proof);
  if (!path) return fail('proof hashes are not base64 SHA-256 values');
  if (!verifyInclusion(b.leafIndex, b.treeSize, leafHash(Buffer.from(b.leaf, 'utf8')), path, cp.root)) {
    return fail(`entry ${b.leafIndex} is NOT included in the tree of size ${b.treeSize} signed by ${verifier.name}`);
  }
  return { ok: true, message: `entry ${b.leafIndex} is included in the tree of size ${b.treeSize} (root ${cp.root.toString('base64')}) signed by ${verifier.name}` };
}

function checkConsistency(b: ConsistencyBundle, verifier: NoteVerifier, trusted?: string): ProofCheck {
  const to = openCheckpoint(b.to.checkpoint, verifier);
  if (!to.verified) return fail(`checkpoint of size ${b.to.size} does not verify under key ${verifier.name}`);
  if (to.size !== b.to.size || to.root.toString('base64') !== b.to.root) return fail('proof "to" does not match its checkpoint');
  let fromRoot: Buffer = Buffer.from(b.from.root, 'base64');
  if (b.from.checkpoint !== undefined) {
    const from = openCheckpoint(b.from.checkpoint, verifier);
    if (!from.verified) return fail(`checkpoint of size ${b.from.size} does not verify`);
    if (from.size !== b.from.size || !from.root.equals(fromRoot)) return fail('proof "from" does not match its checkpoint');
  }
  if (trusted !== undefined) {
    const t = openCheckpoint(trusted, verifier);
    if (!t.verified) return fail('trusted checkpoint signature does not verify');
    if (t.size !== b.from.size) return fail(`trusted checkpoint is for size ${t.size}, the proof starts at ${b.from.size}`);
    if (!t.root.equals(fromRoot)) return fail('the proof starts from a root that differs from the trusted checkpoint');
    fromRoot = t.root;
  } else if (b.from.checkpoint === undefined && b.from.size > 0) {
    return fail(`no signed checkpoint of size ${b.from.size}: pass the one you trust with --trusted`);
  }
  const path = hashes(b.proof);
  if (!path) return fail('proof hashes are not base64 SHA-256 values');
  if (!verifyConsistency(b.from.size, b.to.size, fromRoot, to.root, path)) {
    return fail(`the tree of size ${b.to.size} is NOT an append-only extension of the tree of size ${b.from.size}`);
  }
  return { ok: true, message: `the tree of size ${b.to.size} extends the tree of size ${b.from.size} (append-only) under key ${verifier.name}` };
}
