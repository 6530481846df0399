import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize, CanonicalJsonError } from '../../src/audit/canonical-json.js';

test('RFC 8785 §3.2.2 sample: literals, numbers and string escapes', () => {
  const input = '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
    '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}';
  assert.equal(canonicalize(JSON.parse(input)),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
});

test('RFC 8785 §3.2.3 sample: keys sorted by UTF-16 code units', () => {
  const input = '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",' +
    '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}';
  // Object.keys would put "1" first, so the order is checked on the text itself.
  const expected = '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
    '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
  assert.equal(canonicalize(JSON.parse(input)), expected);
});

test('RFC 8785 appendix B number serialisation', () => {
  const cases: [number, string][] = [
    [0, '0'], [-0, '0'], [1e21, '1e+21'], [1e-7, '1e-7'], [9007199254740992, '9007199254740992'],
    [295147905179352830000, '295147905179352830000'], [5e-324, '5e-324'], [-1.7976931348623157e308, '-1.7976931348623157e+308'],
    [0.000001, '0.000001'], [123456789012345680000, '123456789012345680000'],
  ];
  for (const [n, s] of cases) assert.equal(canonicalize(n), s);
});

test('nested structures have no whitespace and equal values canonicalise equally', () => {
  const a = { b: [1, { z: true, a: null }], a: 'x' };
  const b = JSON.parse('{ "a" : "x", "b" : [ 1.0, {"a":null, "z":true} ] }') as unknown;
  assert.equal(canonicalize(a), '{"a":"x","b":[1,{"a":null,"z":true}]}');
  assert.equal(canonicalize(a), canonicalize(b));
});

test('values JSON cannot carry are refused', () => {
  assert.throws(() => canonicalize(Number.NaN), CanonicalJsonError);
  assert.throws(() => canonicalize(Infinity), CanonicalJsonError);
  assert.throws(() => canonicalize('\ud800'), CanonicalJsonError);
  assert.throws(() => canonicalize({ ['\udc00']: 1 }), CanonicalJsonError);
});

test('objects with integer-like keys keep RFC 8785 order (code units, not V8 numeric order)', () => {
  assert.equal(canonicalize({ b: 1, '10': 2, '2': 3, a: { '1': true, x: null } }), '{"10":2,"2":3,"a":{"1":true,"x":null},"b":1}');
  assert.throws(() => canonicalize({ ['\ud800']: 1 }), /lone surrogate/);
});
