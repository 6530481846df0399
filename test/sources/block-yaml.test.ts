import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';
import { prng } from '../../src/audit/synthetic.js';
import type { BlockYamlReader } from '../../src/sources/block-yaml.js';
import { blockYamlReader, readBlockYaml } from '../../src/sources/block-yaml.js';
import { IMPLICIT_TYPES, KUBE_SCHEMA } from '../../src/sources/parse.js';
import { splitDocuments } from '../../src/sources/split.js';
import { REPO_ROOT, requireCorpus } from '../support/corpus.js';

type Outcome = { readonly kind: 'declined' } | { readonly kind: 'same' } | { readonly kind: 'differs'; readonly detail: string };

/** Reads `text[start, end)` with the fast reader (a new one, or one that read other documents) and with js-yaml, and says how they compare. */
function compare(text: string, start = 0, end = text.length, reader?: BlockYamlReader): Outcome {
  const fast = reader ? reader(start, end) : readBlockYaml(text, start, end, IMPLICIT_TYPES);
  if (fast === undefined) return { kind: 'declined' };
  let want: unknown;
  try {
    want = yaml.load(text.slice(start, end), { schema: KUBE_SCHEMA });
  } catch (e) {
    return { kind: 'differs', detail: `accepted what js-yaml refuses: ${(e as Error).message.split('\n')[0] ?? ''}` };
  }
  // Key order counts too: findings list fields in the order they appear.
  if (isDeepStrictEqual(fast, want) && JSON.stringify(fast) === JSON.stringify(want)) return { kind: 'same' };
  return { kind: 'differs', detail: `got ${JSON.stringify(fast)}, js-yaml ${JSON.stringify(want)}` };
}

const HANDLED: readonly (readonly [string, string])[] = [
  ['nested mappings and a compact sequence', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n'],
  ['indented sequences and nested sequences', 'a:\n  - x\n  - - y\n    - z\n  -\n    k: v\n  -\nb: 1\n'],
  ['decimals around the short-integer shortcut', 'a: 0\nb: 8080\nc: 00\nd: 0123\ne: 123456789012345\nf: 1234567890123456\ng: 99999999999999999999\nh: [1, 0, 01, 1_0]\n' +
    '"7": seven\n10: ten\n011: eleven-ish\ni: 100m\nj: 128Mi\nk: 1e3\n'],
  ['scalars the core schema types', 'a: 1\nb: -2\nc: +3\nd: 0x1F\ne: 0o17\nf: 1.5e3\ng: .5\nh: .inf\ni: -.Inf\nj: .nan\nk: ~\nl: null\nm: Null\nn: true\no: False\np: yes\nq: 012\nr: 1_000\ns:\nt: 2026-11-01\n'],
  ['keys the core schema types', '1: a\ntrue: b\n~: d\n0x10: e\n1.50: f\n'],
  ['comments and blank lines everywhere', '# head\n\na: b # tail\n  # indented comment\n\nc: "d" # after quotes\ne: x#y\n'],
  ['quoted scalars and keys', 'a: \'it\'\'s\'\nb: "say \\"hi\\"\\n\\u00e9\\t"\n"c d": 1\n\'e: f\': 2\ng: ""\nh: \'\'\ni: "a: b # c"\n'],
  ['plain scalars with indicators inside', 'a: http://x:80/p?q=1#frag\nb: a, b, [c]\nc: -x\nd: ?y\ne: x:y\nf: 日本 😀\n'],
  ['literal block scalars and chomping', 'a: |\n  one\n    two\n\n  three\n\nb: |-\n  kept\nc: |+\n  keep\n\nd: |\n\n  after blank\ne: |2\n    more indented\nf: |\ng: x\n'],
  ['folded block scalars', 'a: >\n  one\n  two\n\n  three\n    indented\n  back\nb: >-\n  x\n  y\n'],
  ['block scalars in sequences and nested maps', 'run:\n- |\n  echo hi\n- name: s\n  script: |\n    #!/bin/sh\n    exit 0\n  after: 1\n'],
  ['one-line flow sequences and empty collections', 'verbs: ["get", \'list\', watch]\nempty: []\nobj: {}\nspaced: [ a , b ]\nnums: [1, 0x2, .5, true, null]\n'],
  ['an indented top-level mapping', '  a: 1\n  b:\n    c: 2\n'],
  ['one-line flow mappings of scalars', 'labels: {app: svc-0, phiguard.dev/tier: data}\nres: { cpu: 100m, memory: 128Mi }\nport: {number: 443}\n' +
    'typed: {1: a, true: b, n: null, f: 1.5, o: 0x1F, t: ~}\nquoted: {"a b": \'c, d\', \'e\': "f: g"}\nsel:\n  matchLabels: {app: x y}\n' +
    'list:\n- name: a\n  sc: {type: RuntimeDefault}\n- {}\n'],
];

const DECLINED: readonly (readonly [string, string])[] = [
  ['anchors and aliases', 'a: &x 1\nb: *x\n'],
  ['tags', 'a: !!str 1\n'],
  ['merge keys', 'base: {}\nm:\n  <<: {}\n'],
  ['multi-line plain scalars', 'a: one\n  two\n'],
  ['multi-line quoted scalars', 'a: "one\n  two"\n'],
  ['tabs in indentation', 'a:\n\tb: 1\n'],
  ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
  ['duplicate keys (js-yaml reports them)', 'a: 1\na: 2\n'],
  ['a __proto__ key', '__proto__: 1\n'],
  ['nested flow collections', 'a: {b: {c: 1}}\n'],
  ['flow mappings inside flow sequences', 'a: [{b: 1}]\n'],
  ['flow mappings over several lines', 'a: {b: 1,\n  c: 2}\n'],
  ['a flow mapping key without a value', 'a: {b}\n'],
  ['a flow mapping with an empty value', 'a: {b: }\n'],
  ['a flow mapping key glued to its colon', 'a: {b:c}\n'],
  ['duplicate flow mapping keys', 'a: {b: 1, b: 2}\n'],
  ['a flow mapping with a trailing comma', 'a: {b: 1,}\n'],
  ['a comment inside a flow mapping', 'a: {b: 1 # c\n}\n'],
  ['a flow mapping as a sequence item', 'a:\n- {b: 1}\n'],
  ['flow sequences over several lines', 'a: [1,\n  2]\n'],
  ['complex keys', '? a\n: b\n'],
  ['a top-level scalar', 'just text\n'],
  ['content on the marker line', '--- a: 1\n'],
  ['bad indentation', 'a: 1\n b: 2\n'],
  ['a sequence after an inline value', 'a: 1\n- b\n'],
  ['non-printable characters', 'a: "x\u0007"\n'],
  ['a byte-order mark', '\ufeffa: 1\n'],
  ['YAML escapes JSON lacks', 'a: "\\x41\\e"\n'],
  ['an unclosed quote', 'a: "open\n'],
  ['a plain scalar ending in a colon', 'a: b:\n'],
  ['a dash after a key on its line', 'a: - b\n'],
  ['a marker-like line', '---x: 1\n'],
  ['a less indented dash after an empty item (js-yaml reads it into the inner sequence)', 'a:\n  - - y\n    -\n  -\n     k: v\n'],
];

describe('readBlockYaml', () => {
  for (const [name, text] of HANDLED) {
    it(`reads ${name} as js-yaml does`, () => {
      assert.deepEqual(compare(text), { kind: 'same' });
    });
  }

  for (const [name, text] of DECLINED) {
    it(`leaves ${name} to js-yaml`, () => {
      assert.equal(readBlockYaml(text, 0, text.length, IMPLICIT_TYPES), undefined);
    });
  }

  it('reads one slice of a stream, not its neighbours, with a comment on the marker line', () => {
    const text = 'a: 1\n--- # second\nb: 2\n---\nc: 3\n';
    const [, second] = splitDocuments(text);
    assert.ok(second);
    assert.deepEqual(readBlockYaml(text, second.start, second.end, IMPLICIT_TYPES), { b: 2 });
  });

  it('reads nesting up to its depth limit and leaves deeper nesting to js-yaml', () => {
    const maps = (depth: number): string => Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i)}k${i}:\n`).join('') + `${' '.repeat(2 * depth)}leaf: 1\n`;
    const seqs = (depth: number): string => Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i)}-\n`).join('') + `${' '.repeat(2 * depth)}- 1\n`;
    for (const make of [maps, seqs]) {
      assert.deepEqual(compare(make(40)), { kind: 'same' });
      const deep = make(80);
      assert.equal(readBlockYaml(deep, 0, deep.length, IMPLICIT_TYPES), undefined);
    }
  });

  it('agrees with js-yaml on generated documents in every style js-yaml writes', () => {
    const next = prng(20261122);
    const atoms = ['', ' ', 'a', 'name', 'null', '~', 'True', 'yes', '0', '-1', '0x1F', '1e3', '.inf', '12:30', 'a: b', 'a #b', '#x', '- x', '-x', '? x',
      "it's", 'say "hi"', '\\', 'tab\there', 'é', '😀', '[a]', '{a}', '*x', '&y', '!t', '|', '>', ' lead', 'trail ', 'l1\nl2', 'l1\nl2\n', 'a\n\nb\n\n',
      '  in\nline', '---', '<<', 'http://x:80/p', '\u0085', '\u2028'];
    const pick = <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)] as T;
    const str = (): string => Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(atoms)).join('');
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 4 || r < 0.4) return pick([str(), str(), Math.floor(next() * 2000 - 1000), (next() - 0.5) * 1e6, next() < 0.5, null, [], {}]);
      const n = Math.floor(next() * 5);
      if (r < 0.65) return Array.from({ length: n }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: n }, () => [str(), value(depth + 1)]));
    };
    const counts = { declined: 0, same: 0, differs: 0 };
    const failures: string[] = [];
    for (let i = 0; i < 4000; i++) {
      // Documents are mappings, as manifests are; scalars and sequences at the top are covered by the mutation test.
      const doc = { kind: 'Test', item: value(0), more: value(1) };
      const text = yaml.dump(doc, { lineWidth: next() < 0.5 ? -1 : 40, noRefs: true, indent: pick([2, 4]), noArrayIndent: next() < 0.3,
        flowLevel: next() < 0.1 ? 2 : -1, quotingType: pick(['"', "'"] as const), forceQuotes: next() < 0.1 });
      const out = compare(text);
      counts[out.kind]++;
      if (out.kind === 'differs' && failures.length < 3) failures.push(`${JSON.stringify(text)}: ${out.detail}`);
    }
    assert.deepEqual(failures, []);
    // The test means something only if the fast reader takes most of them.
    assert.ok(counts.same > 2000, `fast reader took only ${counts.same} of 4000`);
  });

  it('never accepts a broken document and never reads one differently (mutation test)', () => {
    const next = prng(7);
    const clinic = path.join(REPO_ROOT, 'examples', 'clinic');
    const bases: string[] = [...HANDLED.map(([, t]) => t)];
    for (const f of readdirSync(clinic).filter((n) => /\.ya?ml$/.test(n))) {
      const text = readFileSync(path.join(clinic, f), 'utf8');
      for (const d of splitDocuments(text)) bases.push(text.slice(d.start, d.end));
    }
    const inserts = [' ', '  ', ':', ': ', '#', ' #', '-', '- ', '"', "'", '\n', '\n  ', '\t', '|', '>', '[', ']', '{', '}', ',', '&a ', '*a', '!', '?', '\\', 'x', '0', '~'];
    const failures: string[] = [];
    let same = 0;
    for (let i = 0; i < 20000; i++) {
      let t = bases[Math.floor(next() * bases.length)] ?? '';
      for (let m = 1 + Math.floor(next() * 3); m > 0; m--) {
        const p = Math.floor(next() * t.length);
        const r = next();
        if (r < 0.4) t = t.slice(0, p) + (inserts[Math.floor(next() * inserts.length)] ?? '') + t.slice(p);
        else if (r < 0.7) t = t.slice(0, p) + t.slice(p + 1 + Math.floor(next() * 3));
        else {
          const lines = t.split('\n');
          const k = Math.floor(next() * lines.length);
          lines[k] = next() < 0.5 ? ' ' + (lines[k] ?? '') : (lines[k] ?? '').replace(/^ /, '');
          t = lines.join('\n');
        }
      }
      const out = compare(t);
      if (out.kind === 'same') same++;
      if (out.kind === 'differs' && failures.length < 3) failures.push(`${JSON.stringify(t)}: ${out.detail}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(same > 5000, `fast reader took only ${same} of 20000 mutated documents`);
  });

  it('agrees with js-yaml on random line structures, where indentation quirks live', () => {
    const next = prng(42);
    const shapes = ['-', '- x', '- k: v', '- k:', '- - x', '- - k: v', 'k: v', 'k:', 'k: |', 'k: >', 'k: |-', 'k: |+', 'k: |2', '- |', 'text line',
      '  more text', '', '   ', '# c', 'k: [a, b]', 'k: {}', 'k: "q"', "- 'q'", 'j: 1', '-   ', '- # c', 'k: # c', '? q', ': v', 'm: v # c'];
    const failures: string[] = [];
    let same = 0;
    for (let i = 0; i < 30000; i++) {
      const lines = Array.from({ length: 2 + Math.floor(next() * 5) }, (_, j) =>
        ' '.repeat(Math.floor(next() * 3) * 2) + (shapes[Math.floor(next() * shapes.length)] ?? '').replace(/\bk\b/, `k${j}`));
      const out = compare(lines.join('\n') + '\n');
      if (out.kind === 'same') same++;
      if (out.kind === 'differs' && failures.length < 3) failures.push(`${JSON.stringify(lines.join('\n'))}: ${out.detail}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(same > 2000, `fast reader took only ${same} of 30000`);
  });

  it('reads the documents of the shared corpus exactly as js-yaml does, and most of them by itself', (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e.name)) files.push(p);
      }
    };
    walk(corpus);
    const counts = { declined: 0, same: 0, differs: 0 };
    const failures: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // One reader per file, as parseManifests uses it: each document starts from what the one before left behind.
      const reader = blockYamlReader(text, IMPLICIT_TYPES);
      for (const d of splitDocuments(text)) {
        const out = compare(text, d.start, d.end, reader);
        counts[out.kind]++;
        if (out.kind === 'differs' && failures.length < 3) failures.push(`${path.relative(corpus, file)}:${d.line}: ${out.detail}`);
      }
    }
    assert.deepEqual(failures, []);
    const total = counts.same + counts.declined;
    assert.ok(total > 1000, `only ${total} corpus documents found`);
    assert.ok(counts.same / total > 0.95, `fast reader took ${counts.same} of ${total} corpus documents`);
  });
});
