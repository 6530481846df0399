import { signCheckpoint } from './checkpoint.js';
import type { NoteSigner } from './note.js';
import type { ConsistencyBundle, InclusionBundle } from './proof.js';
import { CONSISTENCY_KIND, INCLUSION_KIND } from './proof.js';
import { openCheckpoint } from './checkpoint.js';
import type { NoteVerifier } from './note.js';
import type { AuditStore, StoredCheckpoint } from './store/store.js';
import { consistencyBetween, inclusionAt, rootAt } from './store/tree.js';

/** Trail operations that combine a store with the log key: checkpoints and proof bundles. */
export const PUBLIC_KEY_META = 'public-key';

export interface WrittenCheckpoint {
  readonly size: number;
  readonly root: Buffer;
  readonly note: string;
  readonly stored: boolean;
}

/** Signs the tree as it is now; also records the public key in the store so `verify` can name it. */
export async function writeCheckpoint(store: AuditStore, signer: NoteSigner, now: Date = new Date()): Promise<WrittenCheckpoint> {
  const known = await store.getMeta(PUBLIC_KEY_META);
  if (known === undefined) await store.setMeta(PUBLIC_KEY_META, signer.verifier.text);
  else if (known !== signer.verifier.text) throw new Error(`this trail is signed by key ${known.split('+')[0] ?? '?'}; refusing to sign with a different key`);
  const size = await store.size();
  const root = await rootAt(store, size);
  const note = signCheckpoint({ origin: signer.name, size, root }, signer);
  const stored = await store.addCheckpoint(size, note, now.toISOString());
  return { size, root, note, stored };
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
