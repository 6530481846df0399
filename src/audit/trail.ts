import { signCheckpoint } from './checkpoint.js';
import type { NoteSigner } from './note.js';
import type { ConsistencyBundle, InclusionBundle } from './proof.js';
import { CONSISTENCY_KIND, INCLUSION_KIND } from './proof.js';
import { openCheckpoint } from './checkpoint.js';
import type { NoteVerifier } from './note.js';
import type { AuditStore, StoredCheckpoint } from './store/store.js';
import { consistencyBetween, inclusionAt, rootAt } from './store/tree.js';
import { verifyConsistency } from './merkle.js';

/** Trail operations that combine a store with the log key: checkpoints and proof bundles. */
export const PUBLIC_KEY_META = 'public-key';

export interface WrittenCheckpoint {
  readonly size: number;
  readonly root: Buffer;
  readonly note: string;
  readonly stored: boolean;
}

/** The signer refused: the tree no longer extends a checkpoint it signed (a rewritten, truncated or rolled-back trail). */
export class ForkError extends Error {}

export interface CheckpointOptions {
  readonly now?: Date;
  /** Checkpoints signed earlier and kept outside the store (the witness); the new one must extend each. */
  readonly witnessed?: readonly { readonly name: string; readonly note: string }[];
  /** Called with the signed note before it is stored (an HTTP witness cosigning it); a ForkError refuses it. */
  readonly beforeStore?: (c: { readonly size: number; readonly root: Buffer; readonly note: string }) => Promise<void>;
}

/**
 * Signs the tree as it is now, after proving (RFC 9162 consistency proof) that it extends the latest checkpoint
 * signed under this key, in the store and in the witness; also records the public key so `verify` can name it.
 */
export async function writeCheckpoint(store: AuditStore, signer: NoteSigner, opts: CheckpointOptions | Date = {}): Promise<WrittenCheckpoint> {
  const o: CheckpointOptions = opts instanceof Date ? { now: opts } : opts;
  const known = await store.getMeta(PUBLIC_KEY_META);
  if (known === undefined) await store.setMeta(PUBLIC_KEY_META, signer.verifier.text);
  else if (known !== signer.verifier.text) throw new Error(`this trail is signed by key ${known.split('+')[0] ?? '?'}; refusing to sign with a different key`);
  const size = await store.size();
  const root = await rootAt(store, size);
  const stored = (await store.checkpoints()).map((c) => ({ name: `stored checkpoint #${c.id}`, note: c.note }));
  for (const prev of [latestSigned(stored, signer.verifier), latestSigned(o.witnessed ?? [], signer.verifier)]) {
    if (prev) await assertExtends(store, prev, size, root);
  }
  const note = signCheckpoint({ origin: signer.name, size, root }, signer);
  await o.beforeStore?.({ size, root, note });
  const added = await store.addCheckpoint(size, note, (o.now ?? new Date()).toISOString());
  return { size, root, note, stored: added };
}

interface SignedBefore {
  readonly name: string;
  readonly size: number;
  readonly root: Buffer;
}

/** The largest checkpoint among notes that verify under the key; notes that do not verify are not ours to extend. */
function latestSigned(notes: readonly { readonly name: string; readonly note: string }[], verifier: NoteVerifier): SignedBefore | undefined {
  let best: SignedBefore | undefined;
  for (const n of notes) {
    let cp;
    try {
      cp = openCheckpoint(n.note, verifier);
    } catch {
      continue;
    }
    if (cp.verified && (!best || cp.size >= best.size)) best = { name: n.name, size: cp.size, root: cp.root };
  }
  return best;
}

async function assertExtends(store: AuditStore, prev: SignedBefore, size: number, root: Buffer): Promise<void> {
  if (prev.size > size) {
    throw new ForkError(`refusing to sign: ${prev.name} was signed at size ${prev.size} but the trail now has ${size} entries (truncated or rolled back)`);
  }
  const proof = prev.size === size || prev.size === 0 ? [] : await consistencyBetween(store, prev.size, size);
  if (!verifyConsistency(prev.size, size, prev.root, root, proof)) {
    throw new ForkError(`refusing to sign a fork: the trail at size ${size} is not consistent with ${prev.name} (size ${prev.size}); entries before ${prev.size} were rewritten`);
  }
}

export async function latestCheckpoint(store: AuditStore): Promise<StoredCheckpoint | undefined> {
  const all = await store.checkpoints();
  return all.reduce<StoredCheckpoint | undefined>((best, c) => (!best || c.size >= best.size ? c : best), undefined);
}

export async function inclusionBundle(store: AuditStore, seq: number, checkpoint: StoredCheckpoint): Promise<InclusionBundle> {
  if (seq >= checkpoint.size) throw new Error(`entry ${seq} is newer than the latest checkpoint (size ${checkpoint.size}); run \`phiguard audit checkpoint\` first`);
  const leaf = await store.leaf(seq);
  if (!leaf) throw new Error(`entry ${seq} is not in the store`);
  const proof = await inclusionAt(store, seq, checkpoint.size);
  return {
    kind: INCLUSION_KIND,
    leafIndex: seq,
    treeSize: checkpoint.size,
    leaf: leaf.leaf.toString('utf8'),
    proof: proof.map((h) => h.toString('base64')),
    checkpoint: checkpoint.note,
  };
}

export async function consistencyBundle(store: AuditStore, from: number, to: StoredCheckpoint, verifier: NoteVerifier): Promise<ConsistencyBundle> {
  if (from > to.size) throw new Error(`--from ${from} is larger than --to ${to.size}`);
  const cps = await store.checkpoints();
  const fromCp = cps.find((c) => c.size === from);
  const toRoot = openCheckpoint(to.note, verifier).root;
  const fromRoot = await rootAt(store, from);
  const proof = await consistencyBetween(store, from, to.size);
  return {
    kind: CONSISTENCY_KIND,
    from: { size: from, root: fromRoot.toString('base64'), ...(fromCp ? { checkpoint: fromCp.note } : {}) },
    to: { size: to.size, root: toRoot.toString('base64'), checkpoint: to.note },
    proof: proof.map((h) => h.toString('base64')),
  };
}
