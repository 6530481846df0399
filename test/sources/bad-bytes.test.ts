import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { looksBinary, readInputs } from '../../src/sources/files.js';
import { invalidUtf8Offsets } from '../../src/sources/invalid-utf8.js';
import { parseManifests } from '../../src/sources/parse.js';

const doc = (name: string, extra = ''): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n${extra}`;

function readOne(bytes: Buffer): Promise<Awaited<ReturnType<typeof readInputs>>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-bytes-'));
  const file = path.join(dir, 'm.yaml');
  writeFileSync(file, bytes);
  return readInputs([file], Readable.from([]), dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('a NUL byte in one document refuses that document, at the line and column of the byte, and the others are scanned', async () => {
  // Line 10, column 8 holds the NUL: js-yaml alone would say line 4 (the document's start) for it.
  const bytes = Buffer.from(`${doc('a')}---\n${doc('b', 'data:\n  x: "1"\n  k: "x\0y"\n')}---\n${doc('c')}`);
  const read = await readOne(bytes);
  assert.deepEqual(read.errors, []);
  const input = read.inputs[0];
  assert.ok(input);
  const parsed = parseManifests('m.yaml', input.text);
  assert.deepEqual(parsed.resources.map((r) => r.ref.name), ['a', 'c']);
  assert.equal(parsed.errors.length, 1);
  assert.match(parsed.errors[0]?.message ?? '', /null byte/);
  assert.deepEqual([parsed.errors[0]?.line, parsed.errors[0]?.column], [10, 8]);
  const plain = parseManifests('m.yaml', `${doc('a')}---\n\n# c\n${doc('b', 'data:\n  k: x\0y\n')}`);
  assert.deepEqual([plain.errors[0]?.line, plain.errors[0]?.column], [11, 7], 'a plain scalar after a comment');
  const json = parseManifests('m.json', '{\n  "kind": "ConfigMap",\n  "data": {"k": "\0"}\n}\n');
  assert.deepEqual([json.errors[0]?.line, json.errors[0]?.column, json.resources.length], [3, 18, 0]);
});

test('an invalid UTF-8 byte is reported once per document with its line and column, and no document is lost', async () => {
  const bytes = Buffer.concat([
    Buffer.from(`${doc('a')}---\n${doc('b', 'data: {k: "caf')}`), Buffer.from([0xe9]), Buffer.from('", j: "'), Buffer.from([0xff, 0xc3]),
    Buffer.from(`"}\n---\n${doc('c')}---\n# r\u00e9sum\u00e9 `), Buffer.from([0xe9, 0x0a]), Buffer.from(doc('d')),
  ]);
  const read = await readOne(bytes);
  assert.deepEqual(read.errors.map((e) => [e.line, e.column]), [[8, 15], [14, 10]]);
  assert.match(read.errors[0]?.message ?? '', /^invalid UTF-8 byte 0xE9 \(and 2 more\) in document 2: read with U\+FFFD/);
  assert.match(read.errors[1]?.message ?? '', /^invalid UTF-8 byte 0xE9 in document 4:/);
  assert.ok(read.errors.every((e) => e.file.endsWith('m.yaml')));
  const parsed = parseManifests('m.yaml', read.inputs[0]?.text ?? '');
  assert.deepEqual(parsed.resources.map((r) => r.ref.name), ['a', 'b', 'c', 'd']);
  assert.deepEqual((await readOne(Buffer.from(`${doc('\u00e9t\u00e9')}# \u{1F600} \uFFFD\n`))).errors, [], 'valid UTF-8, a real U+FFFD included, is no error');
});

test('invalidUtf8Offsets finds exactly where a decoder substitutes U+FFFD', () => {
  const cases: [number[], number[]][] = [
    [[0x61, 0xc3, 0xa9], []], [[0xc0, 0xaf], [0, 1]], [[0xe0, 0x80, 0x80], [0, 1, 2]], [[0xed, 0xa0, 0x80], [0, 1, 2]],
    [[0xf0, 0x9f, 0x98], [0]], [[0xf4, 0x90, 0x80, 0x80], [0, 1, 2, 3]], [[0xe2, 0x82, 0x41], [0]], [[0x80, 0x61, 0xfe], [0, 2]],
  ];
  for (const [bytes, offsets] of cases) {
    const buf = Buffer.from(bytes);
    assert.deepEqual(invalidUtf8Offsets(buf), offsets, buf.toString('hex'));
    assert.equal([...new TextDecoder().decode(buf)].filter((c) => c === '\uFFFD').length, offsets.length, `decoder agrees on ${buf.toString('hex')}`);
  }
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
