import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { locateInBlockYaml, UNSUPPORTED } from '../../src/sources/block-locator.js';
import { splitDocuments } from '../../src/sources/split.js';
import { makeLocator } from '../../src/sources/locate.js';
import { parseManifests } from '../../src/sources/parse.js';
import { requireCorpus } from '../support/corpus.js';

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Every path to a mapping key or sequence item, with the 0-based line `yaml` puts it on. */
function expectedPositions(node: YamlNode | null, lines: LineCounter, prefix: string[], out: [string[], number][], budget: { n: number }): void {
  if (budget.n <= 0) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
      const segs = [...prefix, String(pair.key.value)];
      out.push([segs, lines.linePos(pair.key.range[0]).line - 1]);
      budget.n--;
      expectedPositions(pair.value as YamlNode | null, lines, segs, out, budget);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const n = item as YamlNode | null;
      if (!n?.range) return;
      const segs = [...prefix, String(i)];
      // A sequence item is located at its dash; yaml's range starts at the item's content on the same line.
      out.push([segs, lines.linePos(n.range[0]).line - 1]);
      budget.n--;
      expectedPositions(n, lines, segs, out, budget);
    });
  }
}

describe('block locator', () => {
  it('finds keys, items and missing fields in a hand-written document', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api # comment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: a',
      '        image: x',
      '      -',
      '        name: b',
      '        securityContext:',
      '          privileged: true',
      '      volumes:',
      '        - name: v',
      '          hostPath: {path: /}',
    ].join('\n');
    const at = (p: string): number | string => {
      const r = locateInBlockYaml(text, 0, text.length, p.split('/').filter(Boolean));
      return r === UNSUPPORTED ? 'unsupported' : `${r.line + 1}:${r.matched}`;
    };
    assert.equal(at('/metadata/name'), '4:2');
    assert.equal(at('/spec/template/spec/containers/0/image'), '10:6');
    assert.equal(at('/spec/template/spec/containers/1/securityContext/privileged'), '14:7');
    assert.equal(at('/spec/template/spec/containers/1/securityContext/runAsUser'), '13:6');
    assert.equal(at('/spec/template/spec/containers/2'), '8:4');
    assert.equal(at('/spec/template/spec/volumes/0/hostPath'), '17:6');
    assert.equal(at('/spec/template/spec/volumes/0/hostPath/path'), 'unsupported');
  });

  it('agrees with the yaml parser on every key and item of the corpus', (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    let checked = 0;
    let fellBack = 0;
    for (const file of yamlFiles(corpus)) {
      const text = readFileSync(file, 'utf8');
      if (text.length > 600_000) continue;
      for (const d of splitDocuments(text)) {
        const lines = new LineCounter();
        const doc = parseDocument(text.slice(d.start, d.end), { lineCounter: lines, uniqueKeys: false });
        if (doc.errors.length > 0) continue;
        const expected: [string[], number][] = [];
        expectedPositions(doc.contents as YamlNode | null, lines, [], expected, { n: 400 });
        for (const [segs, line] of expected) {
          const got = locateInBlockYaml(text, d.start, d.end, segs);
          if (got === UNSUPPORTED) { fellBack++; continue; }
          checked++;
          assert.equal(got.matched, segs.length, `${file} ${segs.join('/')}: found only ${got.matched} segments`);
          assert.equal(got.line, line, `${file} doc ${d.index} /${segs.join('/')}`);
        }
      }
    }
    assert.ok(checked > 10_000, `checked only ${checked} positions`);
    assert.ok(fellBack < checked / 10, `fell back to the parser too often: ${fellBack} of ${checked + fellBack}`);
  });

  it('falls back to the yaml parser for flow style and JSON', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "p"},\n "spec": {"containers": [\n  {"name": "c", "securityContext": {"privileged": true}}]}}';
    const parsed = parseManifests('pod.json', text);
    const locate = makeLocator(new Map([['pod.json', parsed]]));
    const r = parsed.resources[0];
    assert.ok(r);
    assert.deepEqual(locate(r, '/spec/containers/0/securityContext/privileged'), { file: 'pod.json', line: 4, column: 37 });
  });
});

describe('List documents', () => {
  it('locates fields of every item of a kubectl List, as the yaml parser does', () => {
    const item = (n: number): string => `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p${n}\n  spec:\n    containers:\n    - name: c\n      image: x:${n}\n`;
    const text = `apiVersion: v1\nkind: List\nitems:\n${[0, 1, 2, 3].map(item).join('')}metadata:\n  resourceVersion: ""\n`;
    const parsed = parseManifests('dump.yaml', text);
    assert.equal(parsed.resources.length, 4);
    const locate = makeLocator(new Map([['dump.yaml', parsed]]));
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    for (const [i, r] of parsed.resources.entries()) {
      const image = doc.getIn(['items', i, 'spec', 'containers', 0, 'image'], true) as YamlNode;
      assert.equal(locate(r, '/spec/containers/0/image')?.line, lines.linePos(image.range?.[0] ?? 0).line, `item ${i}`);
      // A missing field points at its nearest existing parent, the container.
      assert.equal(locate(r, '/spec/containers/0/securityContext')?.line, 4 + 8 * i + 6);
      assert.equal(locate(r, '')?.line, 4 + 8 * i);
    }
  });
});

/** Every path to a member or element of a JSON (flow) document, with the line and column `yaml` gives it (1-based). */
function flowPositions(node: YamlNode | null, lines: LineCounter, prefix: string[], out: [string[], { line: number; column: number }][]): void {
  const at = (offset: number): { line: number; column: number } => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const segs = [...prefix, String(pair.key.value)];
      out.push([segs, at(pair.key.range[0])]);
      flowPositions(pair.value as YamlNode | null, lines, segs, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const n = item as YamlNode | null;
      if (!n?.range) return;
      const segs = [...prefix, String(i)];
      out.push([segs, at(n.range[0])]);
      flowPositions(n, lines, segs, out);
    });
  }
}

const pointer = (segs: readonly string[]): string => segs.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

describe('JSON Lists', () => {
  const item = (n: number): unknown => ({
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: `d${n}`, namespace: 'ns', annotations: { 'a/b~c': 'say "hi" \\ then {, [ ] }', 'q"k\\': 'escaped name', 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'Deployment', n }) } },
    spec: { replicas: n, selector: {}, template: { spec: { containers: [{ name: 'c', image: `x:${n}`, ports: [], args: ['--a', '"q"', 'ü'] }], nodeSelector: null } } },
  });
  const same = (t: string): string => t;
  const layouts: readonly (readonly [string, number, (t: string) => string])[] = [
    ['kubectl (4 spaces)', 4, same], ['jq (2 spaces)', 2, same], ['compact', 0, same],
    ['CRLF', 4, (t) => t.replace(/\n/g, '\r\n')],
    // Closing brackets at the end of the line before, where the line-by-line reading must give up and scan.
    ['closed inline', 2, (t) => t.replace(/\n *([}\]])/g, '$1')],
    // One item laid out its own way: indented closers that do not match their openers.
    ['misindented', 4, (t) => t.replace(/\n {12}\}/, '\n  }')],
  ];
  for (const [style, indent, layout] of layouts) {
    it(`locates every member and element of every item of a ${style} List as the yaml parser does`, () => {
      const text = layout(JSON.stringify({ apiVersion: 'v1', items: [0, 1, 2].map(item), kind: 'List', metadata: { resourceVersion: '' } }, null, indent) + '\n');
      const parsed = parseManifests('list.json', text);
      assert.equal(parsed.resources.length, 3);
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines });
      let checked = 0;
      for (const [i, r] of parsed.resources.entries()) {
        const expected: [string[], { line: number; column: number }][] = [];
        flowPositions(doc.getIn(['items', i], true) as YamlNode, lines, [], expected);
        // Deep paths first, then in order: answers must not depend on what was asked before.
        const locate = makeLocator(new Map([['list.json', parsed]]));
        for (const [segs, at] of [...[...expected].sort((a, b) => b[0].length - a[0].length), ...expected]) {
          assert.deepEqual(locate(r, pointer(segs)), { file: 'list.json', ...at }, `item ${i} ${pointer(segs)}`);
          checked++;
        }
        // A missing field points at its nearest existing parent.
        const containers = expected.find(([segs]) => pointer(segs) === '/spec/template/spec/containers/0')?.[1];
        assert.deepEqual(locate(r, '/spec/template/spec/containers/0/securityContext/privileged'), { file: 'list.json', ...containers });
      }
      assert.ok(checked > 100, `checked only ${checked}`);
    });
  }

  it('locates JSON that only js-yaml could read with the full parser', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", # a comment with a " quote\n "metadata": {"name": "p"},\n "spec": {"containers": [{"name": "c"}]}}\n';
    const parsed = parseManifests('pod.json', text);
    assert.equal(parsed.lenientJson, true);
    const r = parsed.resources[0];
    assert.ok(r);
    assert.deepEqual(makeLocator(new Map([['pod.json', parsed]]))(r, '/spec/containers/0/name'), { file: 'pod.json', line: 3, column: 27 });
  });
});

describe('makeLocator', () => {
  it('gives the yaml parser\'s lines for every key of every corpus resource, whatever the order of questions', (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    let checked = 0;
    for (const file of yamlFiles(corpus).filter((_f, i) => i % 3 === 0)) {
      const text = readFileSync(file, 'utf8');
      if (text.length > 300_000) continue;
      const parsed = parseManifests(file, text);
      for (const r of parsed.resources) {
        const slice = parsed.docs[r.origin.doc];
        if (!slice || r.origin.pointer !== '') continue;
        const lines = new LineCounter();
        const doc = parseDocument(text.slice(slice.start, slice.end), { lineCounter: lines, uniqueKeys: false });
        if (doc.errors.length > 0) continue;
        const expected: [string[], number][] = [];
        expectedPositions(doc.contents as YamlNode | null, lines, [], expected, { n: 200 });
        // Three orders: document order (each path shares a prefix with the one before, which the locator resumes
        // from), its reverse, and deep paths first.
        const orders = [expected, [...expected].reverse(), [...expected].sort((a, b) => b[0].length - a[0].length)];
        for (const order of orders) {
          // A locator per order: one locator answers a repeated question from its cache, not by a new descent.
          const locate = makeLocator(new Map([[file, parsed]]));
          for (const [segs, line] of order) {
            const got = locate(r, segs.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join(''));
            assert.equal(got?.line, slice.line + line, `${file} /${segs.join('/')}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 2_000, `checked only ${checked} positions`);
  });

  it('answers a repeated question with an equal location of its own, for the resource asked about', () => {
    const pod = (n: number): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${n}\nspec:\n${'  nodeName: x\n'.repeat(n)}  containers:\n  - name: c\n    image: x\n`;
    const text = `${pod(0)}---\n${pod(1)}`;
    const parsed = parseManifests('pods.yaml', text);
    const [a, b] = parsed.resources;
    assert.ok(a && b);
    const locate = makeLocator(new Map([['pods.yaml', parsed]]));
    const first = locate(a, '/spec/containers/0/image');
    const again = locate(a, '/spec/containers/0/image');
    assert.deepEqual(first, { file: 'pods.yaml', line: 8, column: 5 });
    assert.deepEqual(again, first);
    assert.notEqual(again, first, 'each finding gets its own location object');
    // The same path of another resource, then of the first one again.
    assert.deepEqual(locate(b, '/spec/containers/0/image'), { file: 'pods.yaml', line: 18, column: 5 });
    assert.deepEqual(locate(a, '/spec/containers/0/image'), first);
    assert.deepEqual(locate(a, '/spec/missing'), { file: 'pods.yaml', line: 5, column: 1 });
    assert.deepEqual(locate(a, '/spec/missing'), { file: 'pods.yaml', line: 5, column: 1 });
  });
});
