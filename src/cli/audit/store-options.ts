import { resolve } from 'node:path';
import type { AccessRecord } from '../../access/grant.js';
import { accessRecordOf } from '../../access/grant.js';
import { parseLeaf, viewOf } from '../../audit/event.js';
import type { AuditView } from '../../audit/event.js';
import type { NoteVerifier } from '../../audit/note.js';
import { parseVerifierKey } from '../../audit/note.js';
import { openStore } from '../../audit/store/open.js';
import type { AuditStore } from '../../audit/store/store.js';
import { PUBLIC_KEY_META } from '../../audit/trail.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Opts } from './args.js';
import { readText, str } from './args.js';

/** The trail every audit subcommand but keygen and check-proof reads or writes. */
export const STORE_OPTION = {
  store: { type: 'string', value: 'STORE', help: 'the trail: a SQLite file, or postgres://user@host:port/db[?schema=NAME] (required)' },
} as const;

/** The signing key and its witness, for the subcommands that sign checkpoints. */
export const SIGNING_OPTIONS = {
  key: { type: 'string', value: 'FILE', help: 'private key (from audit keygen): sign a checkpoint of the tree' },
  witness: { type: 'string', value: 'DIR|URL', help: 'where each signed checkpoint also goes (default: the one recorded at keygen)' },
} as const;

export const SYNCHRONOUS_OPTION = {
  synchronous: { type: 'string', value: 'FULL|NORMAL', help: 'SQLite durability: FULL or NORMAL' },
} as const;

export const PUBLIC_KEY_OPTION = {
  'public-key': { type: 'string', value: 'FILE', help: 'the public key (PREFIX.pub) to check checkpoints with' },
} as const;

export async function storeFrom(io: CliIo, v: Opts, sync?: 'FULL' | 'NORMAL'): Promise<AuditStore> {
  const spec = str(v, 'store', true) as string;
  const path = /^postgres(ql)?:\/\//i.test(spec) ? spec : resolve(io.cwd, spec);
  return openStore(path, sync ? { synchronous: sync } : {});
}

export async function verifierFor(io: CliIo, v: Opts, store?: AuditStore): Promise<NoteVerifier> {
  const file = str(v, 'public-key');
  if (file) return parseVerifierKey(readText(io, file, 'public key'));
  const known = store ? await store.getMeta(PUBLIC_KEY_META) : undefined;
  if (!known) throw new UsageError('--public-key is required (the store has no recorded key: no checkpoint was ever written)');
  io.stderr.write('note: trusting the public key recorded in the store; pass --public-key for an independent check\n');
  return parseVerifierKey(known);
}

/** API audit events of the trail in order; access records (the broker's leaves) go to `onRecord`, never to review or detection. */
export async function forEachView(store: AuditStore, from: number, fn: (v: AuditView) => void, onRecord?: (r: AccessRecord) => void): Promise<number> {
  let next = from;
  for await (const rows of store.scan(from, Number.MAX_SAFE_INTEGER)) {
    for (const r of rows) {
      const leaf = parseLeaf(r.leaf);
      next = r.seq + 1;
      const record = accessRecordOf(leaf.event);
      if (record) {
        onRecord?.(record);
        continue;
      }
      fn(viewOf(leaf.event, r.seq, leaf.cluster ?? ''));
    }
  }
  return next;
}
