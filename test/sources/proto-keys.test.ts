import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { stringMap } from '../../src/core/resource.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { parseManifests } from '../../src/sources/parse.js';

const KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const SECRET = 'postgres://app:hunter2@db:5432/ehr';

const block = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ehr\ndata:\n${KEYS.map((k) => `  ${k}: "${SECRET}"`).join('\n')}\n`;
const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ehr}\ndata: {${KEYS.map((k) => `${k}: "${SECRET}"`).join(', ')}}\n`;
const anchored = `apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: c\n  namespace: ehr\ndata:\n${KEYS.map((k) => `  ${k}: "${SECRET}"`).join('\n')}\nx: *m\n`;
const json = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ehr"},"data":{${KEYS.map((k) => `"${k}":"${SECRET}"`).join(',')}}}`;
const inputs = [['block.yaml', block], ['flow.yaml', flow], ['anchored.yaml', anchored], ['list.json', json]] as const;

for (const [file, text] of inputs) {
  test(`${file}: keys named ${KEYS.join(', ')} are read as own properties, as received`, () => {
    const parsed = parseManifests(file, text);
    assert.deepEqual(parsed.errors, []);
    const data = parsed.resources[0]?.object['data'] as Record<string, unknown> | undefined;
    assert.ok(data);
    assert.deepEqual(Object.getOwnPropertyNames(data), [...KEYS]);
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    for (const k of KEYS) assert.equal(data[k], SECRET);
  });

  test(`${file}: the values under those keys are judged like any other`, () => {
    const r = evaluateTexts([{ file, text }], RULES, DEFAULT_CONFIG);
    for (const k of KEYS) {
      assert.ok(r.findings.some((f) => f.path === `/data/${k}` || f.path.startsWith(`/data/${k}/`)), `${k}: ${r.findings.map((f) => f.path).join(', ')}`);
    }
  });
}

test('a label map with a non-string value keeps a __proto__ label as an own property', () => {
  const labels = JSON.parse('{"__proto__":"x","n":1,"o":{}}') as unknown;
  const m = stringMap(labels);
  assert.deepEqual(Object.getOwnPropertyNames(m), ['__proto__', 'n']);
  assert.equal(Object.getOwnPropertyDescriptor(m, '__proto__')?.value, 'x');
});
