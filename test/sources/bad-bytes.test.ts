import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { looksBinary, readInputs } from '../../src/sources/files.js';
import { parseManifests } from '../../src/sources/parse.js';

const doc = (name: string, extra = ''): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n${extra}`;

function readOne(bytes: Buffer): Promise<Awaited<ReturnType<typeof readInputs>>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-bytes-'));
  const file = path.join(dir, 'm.yaml');
  writeFileSync(file, bytes);
  return readInputs([file], Readable.from([]), dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('a NUL byte in one document refuses that document, with its line, and the others are scanned', async () => {
  const bytes = Buffer.from(`${doc('a')}---\n${doc('b', 'data: {k: "x\0y"}\n')}---\n${doc('c')}`);
  const read = await readOne(bytes);
  assert.deepEqual(read.errors, []);
  const input = read.inputs[0];
  assert.ok(input);
  const parsed = parseManifests('m.yaml', input.text);
  assert.deepEqual(parsed.resources.map((r) => r.ref.name), ['a', 'c']);
  assert.equal(parsed.errors.length, 1);
  assert.match(parsed.errors[0]?.message ?? '', /null byte/);
  assert.ok((parsed.errors[0]?.line ?? 0) >= 4, 'the error points past the first document');
});

test('an invalid UTF-8 byte in one document loses no document', async () => {
  const bytes = Buffer.concat([Buffer.from(`${doc('a')}---\n${doc('b', 'data: {k: "caf')}`), Buffer.from([0xe9]), Buffer.from(`"}\n---\n${doc('c')}`)]);
  const read = await readOne(bytes);
  assert.deepEqual(read.errors, []);
  const parsed = parseManifests('m.yaml', read.inputs[0]?.text ?? '');
  assert.deepEqual(parsed.resources.map((r) => r.ref.name), ['a', 'b', 'c']);
});

test('files binary as a whole are still refused', async () => {
  assert.equal(looksBinary(Buffer.from('\u0000a\u0000b\u0000c\u0000d', 'latin1')), true);
  assert.equal(looksBinary(Buffer.from(doc('a'), 'utf16le')), true);
  assert.equal(looksBinary(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), true);
  assert.equal(looksBinary(Buffer.from(`${doc('a')}x: "\0"\n`)), false);
  const read = await readOne(Buffer.from(doc('a'), 'utf16le'));
  assert.equal(read.inputs.length, 0);
  assert.match(read.errors[0]?.message ?? '', /binary file/);
});
