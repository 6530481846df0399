import type { NoteSigner, NoteVerifier } from './note.js';
import { NoteError, openNote, signNote } from './note.js';

/** C2SP tlog-checkpoint bodies: origin, tree size, base64 root hash. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function signCheckpoint(c: Checkpoint, signer: NoteSigner): string {
  if (c.origin !== signer.name) throw new NoteError(`checkpoint origin "${c.origin}" differs from key name "${signer.name}"`);
  return signNote(checkpointText(c), signer);
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  const [origin, sizeText, rootText] = lines;
  if (!origin || sizeText === undefined || rootText === undefined) throw new NoteError('checkpoint needs origin, size and root lines');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new NoteError(`checkpoint size "${sizeText.slice(0, 30)}" is not a decimal without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new NoteError('checkpoint size is too large');
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText) throw new NoteError('checkpoint root is not a base64 SHA-256 hash');
  return { origin, size, root };
}

export interface OpenedCheckpoint extends Checkpoint {
  readonly verified: boolean;
}

/** Parses a signed checkpoint and checks the log's signature on it. */
export function openCheckpoint(note: string, verifier: NoteVerifier): OpenedCheckpoint {
  const opened = openNote(note, verifier);
  const c = parseCheckpointText(opened.text);
  return { ...c, verified: opened.verified && c.origin === verifier.name };
}
