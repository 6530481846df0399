import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathologicalShapes } from '../../../bench/pathological-shapes.js';
import { DEFAULT_CONFIG } from '../../../src/core/config.js';
import { RULES } from '../../../src/rules/index.js';
import { credentialInValue, wordsOf } from '../../../src/rules/support/secret-detectors.js';
import { evaluateTexts } from '../../../src/scan/evaluate-texts.js';

// Generous on a loaded machine; before the fix a 256 KiB run of capitals alone took about 90 s.
const BOUND_MS = 5000;
const SIZE = 256 * 1024;

for (const shape of pathologicalShapes(SIZE)) {
  test(`a 256 KiB ${shape.name} scans within ${BOUND_MS} ms`, () => {
    const start = performance.now();
    const r = evaluateTexts([{ file: 'hostile.yaml', text: shape.text }], RULES, DEFAULT_CONFIG);
    const ms = performance.now() - start;
    assert.ok(ms < BOUND_MS, `${shape.name}: ${ms.toFixed(0)} ms`);
    // Either the resource was read and judged, or the document was refused with a located error: never neither.
    assert.ok(r.summary.resources === 1 || r.errors.some((e) => e.file === 'hostile.yaml'), shape.name);
  });
}

test('a long key of capitals ending in a credential word is still judged a credential', () => {
  const shape = pathologicalShapes(SIZE).find((s) => s.name === 'key of capitals ending in a word');
  assert.ok(shape);
  const r = evaluateTexts([{ file: 'hostile.yaml', text: shape.text }], RULES, DEFAULT_CONFIG);
  assert.ok(r.findings.some((f) => f.control === 'HK-SE-002'), r.findings.map((f) => f.control).join(','));
});

test('the rewritten word splitter and URI detector keep their meaning', () => {
  assert.deepEqual(wordsOf('HTTPServerPassword'), ['http', 'server', 'password']);
  assert.deepEqual(wordsOf('ABCdEFg'), ['ab', 'cd', 'e', 'fg']);
  assert.equal(credentialInValue('postgres://app:hunter2@db:5432/x'), 'a URI with an embedded user:password@');
  assert.equal(credentialInValue('see x-postgres+ssl://app:hunter2@db'), 'a URI with an embedded user:password@');
  assert.equal(credentialInValue('://app:hunter2@db'), undefined);
  assert.equal(credentialInValue('9://app:hunter2@db'), undefined);
});
