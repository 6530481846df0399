import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys in the Go `note` key formats. */
export class NoteError extends Error {}

const ED25519 = 0x01;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const DASH = '\u2014';

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: KeyObject;
  /** `<name>+<hex key id>+<base64(0x01 || public key)>` */
  readonly text: string;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly privateKey: KeyObject;
  readonly verifier: NoteVerifier;
}

function checkName(name: string): void {
  if (name === '' || /[\s+]/u.test(name)) throw new NoteError(`key name "${name}" must be non-empty, without spaces or "+"`);
}

export function keyIdOf(name: string, rawPublic: Buffer): number {
  const h = createHash('sha256').update(name).update('\n').update(Buffer.from([ED25519])).update(rawPublic).digest();
  return h.readUInt32BE(0);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function verifierFromRaw(name: string, rawPublic: Buffer): NoteVerifier {
  const keyId = keyIdOf(name, rawPublic);
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, rawPublic]), format: 'der', type: 'spki' });
  const text = `${name}+${hex8(keyId)}+${Buffer.concat([Buffer.from([ED25519]), rawPublic]).toString('base64')}`;
  return { name, keyId, publicKey, text };
}

/** A new key pair; `secret` is the private key text to write to a file that only its owner can read. */
export function generateNoteKey(name: string): { secret: string; verifier: NoteVerifier } {
  checkName(name);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const rawPublic = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const verifier = verifierFromRaw(name, Buffer.from(rawPublic));
  const secret = `PRIVATE+KEY+${name}+${hex8(verifier.keyId)}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
  return { secret, verifier };
}

/** Splits on the first `count - 1` plus signs; base64 key data may itself hold "+". */
function chop(text: string, count: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return parts;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

export function parseVerifierKey(text: string): NoteVerifier {
  const parts = chop(text, 3);
  if (parts.length !== 3) throw new NoteError('public key must look like NAME+KEYID+BASE64');
  const [name, id, data] = parts as [string, string, string];
  checkName(name);
  const raw = Buffer.from(data, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('public key is not an Ed25519 note key');
  const v = verifierFromRaw(name, raw.subarray(1));
  if (hex8(v.keyId) !== id.toLowerCase()) throw new NoteError('public key id does not match its name and key');
  return v;
}

export function parseSignerKey(text: string): NoteSigner {
  const parts = chop(text, 5);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new NoteError('private key must look like PRIVATE+KEY+NAME+KEYID+BASE64');
  const [, , name, id, data] = parts as [string, string, string, string, string];
  checkName(name);
  const raw = Buffer.from(data, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('private key is not an Ed25519 note key');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw.subarray(1)]), format: 'der', type: 'pkcs8' });
  const rawPublic = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const verifier = verifierFromRaw(name, Buffer.from(rawPublic));
  if (hex8(verifier.keyId) !== id.toLowerCase()) throw new NoteError('private key id does not match its name and key');
  return { name, keyId: verifier.keyId, privateKey, verifier };
}

/** Signs `text` (which must end in a newline) and returns the note with one signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) throw new NoteError('note text must end in a newline and hold no blank line');
  const sig = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const idBytes = Buffer.alloc(4);
  idBytes.writeUInt32BE(signer.keyId);
  return `${text}\n${DASH} ${signer.name} ${Buffer.concat([idBytes, sig]).toString('base64')}\n`;
}

export interface OpenedNote {
  readonly text: string;
  /** Whether a signature by the verifier's key verified. */
  readonly verified: boolean;
  readonly signatures: number;
}

/** Splits a note and checks the signature of `verifier` among its signature lines (others, e.g. witnesses, are kept but not checked). */
export function openNote(note: string, verifier: NoteVerifier): OpenedNote {
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) throw new NoteError('not a signed note: no blank line before signatures');
  const text = note.slice(0, cut + 1);
  const lines = note.slice(cut + 2, -1).split('\n');
  let verified = false;
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!m) throw new NoteError(`malformed signature line "${line.slice(0, 80)}"`);
    const raw = Buffer.from(m[2] as string, 'base64');
    if (raw.length < 5) throw new NoteError('signature line is too short');
    if (m[1] !== verifier.name || raw.readUInt32BE(0) !== verifier.keyId) continue;
    if (raw.length === 68 && verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, raw.subarray(4))) verified = true;
  }
  return { text, verified, signatures: lines.length };
}
