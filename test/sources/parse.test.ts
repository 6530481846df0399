import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifests } from '../../src/sources/parse.js';
import { splitDocuments } from '../../src/sources/split.js';

const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n`;

describe('splitDocuments', () => {
  it('splits at --- and ... and drops empty and comment-only documents', () => {
    const text = `# header\n---\n${pod('a')}---\n# only a comment\n---\n${pod('b')}...\n---\n${pod('c')}`;
    const docs = splitDocuments(text);
    assert.equal(docs.length, 3);
    assert.deepEqual(docs.map((d) => d.index), [0, 1, 2]);
    assert.ok(text.slice(docs[1]!.start, docs[1]!.end).includes('name: b'));
  });

  it('does not split at --- inside a line or indented', () => {
    const text = 'a: |\n  ---\n  x\nb: "--- no"\n';
    assert.equal(splitDocuments(text).length, 1);
  });
});

describe('parseManifests', () => {
  it('reads every document of a stream with its starting line', () => {
    const out = parseManifests('m.yaml', `${pod('a')}---\n${pod('b')}`);
    assert.deepEqual(out.resources.map((r) => [r.ref.name, r.origin.line]), [['a', 1], ['b', 10]]);
    assert.deepEqual(out.errors, []);
  });

  it('keeps going past a broken document and says where it broke', () => {
    const text = `${pod('a')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n---\n${pod('c')}`;
    const out = parseManifests('m.yaml', text);
    assert.deepEqual(out.resources.map((r) => r.ref.name), ['a', 'c']);
    assert.equal(out.errors.length, 1);
    assert.equal(out.errors[0]?.file, 'm.yaml');
    assert.ok((out.errors[0]?.line ?? 0) >= 13 && (out.errors[0]?.line ?? 0) <= 15, `line ${out.errors[0]?.line}`);
  });

  it('reports duplicate keys as errors with the line', () => {
    const out = parseManifests('d.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n');
    assert.equal(out.resources.length, 0);
    assert.equal(out.errors[0]?.line, 5);
    assert.match(out.errors[0]?.message ?? '', /duplicated mapping key/);
  });

  it('expands kind: List into its items with their pointers', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- ${pod('a').trimEnd().replace(/\n/g, '\n  ')}\n- ${pod('b').trimEnd().replace(/\n/g, '\n  ')}\n`;
    const out = parseManifests('list.yaml', text);
    assert.deepEqual(out.resources.map((r) => [r.ref.name, r.origin.pointer]), [['a', '/items/0'], ['b', '/items/1']]);
  });

  it('reads JSON, including kubectl -o json lists, and locates JSON syntax errors', () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ehr' } }] }, null, 2);
    const ok = parseManifests('pods.json', list);
    assert.deepEqual(ok.resources.map((r) => `${r.ref.namespace}/${r.ref.name}`), ['ehr/p']);
    const bad = parseManifests('bad.json', '{\n  "kind": "Pod",\n  "metadata": {"name": "p"]\n}');
    assert.equal(bad.resources.length, 0);
    assert.equal(bad.errors[0]?.line, 3);
    assert.match(bad.errors[0]?.message ?? '', /invalid JSON/);
  });

  it('refuses an alias bomb without hanging', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${lines.join('\n  ')}\n`;
    const started = Date.now();
    const out = parseManifests('bomb.yaml', text);
    assert.equal(out.resources.length, 0);
    assert.match(out.errors[0]?.message ?? '', /alias/);
    assert.ok(Date.now() - started < 5000);
  });

  it('refuses documents over the size limit and survives deep nesting', () => {
    const big = parseManifests('big.yaml', `${pod('a')}---\n${pod('b')}`, { maxDocumentBytes: 50, maxExpandedNodes: 1000 });
    assert.equal(big.errors.length, 2);
    assert.match(big.errors[0]?.message ?? '', /larger than 50 bytes/);
    const deep = parseManifests('deep.yaml', `kind: X\nv: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n---\n${pod('after')}`);
    assert.deepEqual(deep.resources.map((r) => r.ref.name), ['after']);
    assert.equal(deep.errors.length, 1);
  });

  it('skips documents that are not Kubernetes objects without calling them errors', () => {
    const out = parseManifests('values.yaml', 'replicaCount: 2\nimage:\n  tag: x\n');
    assert.equal(out.resources.length, 0);
    assert.equal(out.errors.length, 0);
    assert.equal(out.skipped, 1);
  });
});

describe('YAML schema', () => {
  it('keeps timestamps as strings, as Kubernetes does, and honours merge keys', () => {
    const out = parseManifests('t.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\n  creationTimestamp: 2024-01-02T03:04:05Z\nbase: &b {x: "1"}\ndata:\n  <<: *b\n  y: "2"\n');
    const obj = out.resources[0]?.object as { metadata: { creationTimestamp: unknown }; data: Record<string, string> };
    assert.equal(obj.metadata.creationTimestamp, '2024-01-02T03:04:05Z');
    assert.deepEqual(obj.data, { x: '1', y: '2' });
  });
});
