import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NoteSigner } from '../audit/note.js';
import type { AuditStore } from '../audit/store/store.js';
import type { WrittenCheckpoint } from '../audit/trail.js';
import { writeCheckpoint } from '../audit/trail.js';
import { checkpointSizeOf } from '../audit/verify.js';
import { isHttpWitness, submitToHttpWitness } from './audit-http-witness.js';

/** The witness: a directory outside the store where every signed checkpoint is also written, once, never overwritten. */

/** Where keygen records the witness directory of a key: PREFIX.witness next to PREFIX.key. */
export function witnessSidecar(keyFile: string): string {
  return `${keyFile.replace(/\.key$/, '')}.witness`;
}

/** The witness (a directory or an http(s):// endpoint): --witness when given, else the one recorded at keygen, else none. */
export function witnessFor(cwd: string, keyFile: string | undefined, flag: string | undefined): string | undefined {
  if (flag !== undefined) return isHttpWitness(flag) ? flag : resolve(cwd, flag);
  if (keyFile === undefined) return undefined;
  const sidecar = witnessSidecar(resolve(cwd, keyFile));
  if (!existsSync(sidecar)) return undefined;
  const dir = readFileSync(sidecar, 'utf8').trim();
  return dir === '' ? undefined : isHttpWitness(dir) ? dir : resolve(dirname(sidecar), dir);
}

/** The file name a checkpoint gets in a witness or export directory: size first, so names sort by size. */
export function checkpointFileName(note: string): string {
  const size = checkpointSizeOf(note);
  const hash = note.split('\n')[2]?.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) ?? '';
  return `checkpoint-${String(size).padStart(12, '0')}-${hash}.note`;
}

/** Writes one checkpoint into a directory with an exclusive create; false when that file already exists. */
export function writeCheckpointFile(dir: string, note: string): boolean {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, checkpointFileName(note));
  if (existsSync(file)) return false;
  writeFileSync(file, note, { flag: 'wx', mode: 0o444 });
  chmodSync(file, 0o444);
  return true;
}

export function readWitness(dir: string): { name: string; note: string }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.note')).sort()
    .map((f) => ({ name: `witnessed checkpoint ${join(dir, f)}`, note: readFileSync(join(dir, f), 'utf8') }));
}

/** Signs a checkpoint that must extend every one signed before (store and witness), then writes it to the witness. */
export async function signAndWitness(store: AuditStore, signer: NoteSigner, witness: string | undefined): Promise<WrittenCheckpoint> {
  if (witness && isHttpWitness(witness)) return writeCheckpoint(store, signer, { beforeStore: (c) => submitToHttpWitness(witness, store, c) });
  const c = await writeCheckpoint(store, signer, witness ? { witnessed: readWitness(witness) } : {});
  if (witness) writeCheckpointFile(witness, c.note);
  return c;
}

export const NO_WITNESS_WARNING = 'warning: no witness (keygen --witness DIR|URL or --witness DIR|URL): the last signed checkpoint lives only in the store, '
  + 'so a rollback that also deletes checkpoints cannot be detected\n';
