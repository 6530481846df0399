import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCheckpoint, parseCheckpointText, signCheckpoint, checkpointText } from '../../src/audit/checkpoint.js';
import { generateNoteKey, keyIdOf, NoteError, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/audit/note.js';

const ROOT3 = Buffer.from('ZLJJxOBgbj2XQsSb/VfNHj6xcPXM76JuoEXKGT1kp18=', 'base64');

test('keys round-trip through the Go note text formats', () => {
  const { secret, verifier } = generateNoteKey('example.org/audit/prod-1');
  assert.match(secret, /^PRIVATE\+KEY\+example\.org\/audit\/prod-1\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
  assert.match(verifier.text, /^example\.org\/audit\/prod-1\+[0-9a-f]{8}\+A[Q-Za-f]/);
  const signer = parseSignerKey(secret);
  assert.equal(signer.verifier.text, verifier.text);
  assert.equal(parseVerifierKey(verifier.text).keyId, verifier.keyId);
  assert.throws(() => parseVerifierKey(verifier.text.replace(/\+[0-9a-f]{8}\+/, '+00000000+')), NoteError);
  assert.throws(() => generateNoteKey('has space'), NoteError);
});

test('key id is the first 4 bytes of SHA-256(name || "\\n" || 0x01 || key), as in C2SP signed-note', () => {
  // Independent recomputation over the public key bytes carried in the verifier key text.
  const { verifier } = generateNoteKey('log.example');
  const raw = Buffer.from(verifier.text.split('+').slice(2).join('+'), 'base64').subarray(1);
  assert.equal(keyIdOf('log.example', raw), verifier.keyId);
  assert.equal(verifier.text.split('+')[1], verifier.keyId.toString(16).padStart(8, '0'));
});

test('a checkpoint is a C2SP signed note that verifies and rejects any change', () => {
  const { secret, verifier } = generateNoteKey('example.org/audit/prod-1');
  const signer = parseSignerKey(secret);
  const note = signCheckpoint({ origin: 'example.org/audit/prod-1', size: 3, root: ROOT3 }, signer);
  const lines = note.split('\n');
  assert.deepEqual(lines.slice(0, 4), ['example.org/audit/prod-1', '3', 'ZLJJxOBgbj2XQsSb/VfNHj6xcPXM76JuoEXKGT1kp18=', '']);
  assert.match(lines[4] as string, /^\u2014 example\.org\/audit\/prod-1 [A-Za-z0-9+/]{91}=$/);
  assert.equal(Buffer.from((lines[4] as string).split(' ')[2] as string, 'base64').length, 68);
  const opened = openCheckpoint(note, verifier);
  assert.equal(opened.verified, true);
  assert.equal(opened.size, 3);
  assert.ok(opened.root.equals(ROOT3));
  assert.equal(openCheckpoint(note.replace('\n3\n', '\n4\n'), verifier).verified, false);
  const other = generateNoteKey('example.org/audit/prod-1').verifier;
  assert.equal(openCheckpoint(note, other).verified, false, 'another key of the same name');
  const cosigned = `${note}\u2014 witness.example ${Buffer.alloc(68, 7).toString('base64')}\n`;
  assert.equal(openCheckpoint(cosigned, verifier).verified, true, 'unknown signatures are ignored');
});

test('checkpoint bodies are strict', () => {
  assert.throws(() => parseCheckpointText('o\n03\nZLJJxOBgbj2XQsSb/VfNHj6xcPXM76JuoEXKGT1kp18=\n'), NoteError);
  assert.throws(() => parseCheckpointText('o\n3\nnot-base64\n'), NoteError);
  assert.equal(checkpointText({ origin: 'o', size: 0, root: ROOT3 }), `o\n0\n${ROOT3.toString('base64')}\n`);
  const { secret, verifier } = generateNoteKey('n');
  assert.throws(() => signNote('no newline', parseSignerKey(secret)), NoteError);
  assert.throws(() => openNote('n\n1\n', verifier), NoteError);
});
