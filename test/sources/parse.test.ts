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

  it('reads a List over the document limit by its items: a 52 MB kubectl get -A -o json', () => {
    const deployment = (i: number): unknown => ({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: `svc-${i}`, namespace: `team-${i % 300}`, uid: `uid-${i}`, resourceVersion: String(1_000_000 + i), labels: { app: `svc-${i}` }, annotations: { note: 'x'.repeat(5200) } },
      spec: { replicas: 2, selector: { matchLabels: { app: `svc-${i}` } }, template: { metadata: { labels: { app: `svc-${i}` } }, spec: { containers: [{ name: 'main', image: `registry.example.org/svc-${i}:1.0`, ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } } },
      status: { replicas: 2, readyReplicas: 2, conditions: [{ type: 'Available', status: 'True' }] },
    });
    const text = JSON.stringify({ apiVersion: 'v1', items: Array.from({ length: 8000 }, (_v, i) => deployment(i)), kind: 'List', metadata: { resourceVersion: '' } }, null, 4);
    assert.ok(text.length > 52_000_000, `${text.length} bytes`);
    const out = parseManifests('all.json', text);
    assert.deepEqual(out.errors, []);
    assert.equal(out.resources.length, 8000);
    assert.deepEqual(out.resources[7999]?.ref, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'svc-7999', namespace: 'team-199' });
  });

  it('leaves out only the List items over the limit, and refuses what is not a List', () => {
    const limits = { maxDocumentBytes: 400, maxExpandedNodes: 1000 };
    const cm = (name: string, size: number): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v: 'x'.repeat(size) } });
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [cm('a', 10), cm('big', 500), cm('c', 10), cm('d', 10)] }, null, 4);
    const json = parseManifests('list.json', list, limits);
    assert.deepEqual(json.resources.map((r) => r.ref.name), ['a', 'c', 'd']);
    assert.equal(json.errors.length, 1);
    assert.match(json.errors[0]?.message ?? '', /^item 1 of the List is larger than 400 bytes; .*--max-document-mb/);
    const bigItem = list.lastIndexOf('\n        {', list.indexOf('"big"')) + 1;
    assert.equal(json.errors[0]?.line, list.slice(0, bigItem).split('\n').length);

    const yamlList = `apiVersion: v1\nkind: List\nitems:\n${['a', 'b', 'c'].map((n) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${n}\n  data:\n    v: ${n === 'b' ? 'y'.repeat(500) : 'y'}\n`).join('')}`;
    const yamlOut = parseManifests('list.yaml', `${pod('before')}---\n${yamlList}`, limits);
    assert.deepEqual(yamlOut.resources.map((r) => r.ref.name), ['before', 'a', 'c']);
    assert.equal(yamlOut.errors.length, 1);
    assert.equal(yamlOut.errors[0]?.line, 10 + 3 + 6);

    // A large object that is not a List, or a List whose own fields are too large, is refused whole.
    for (const text of [JSON.stringify(cm('one', 500)), JSON.stringify({ kind: 'Chart', items: [cm('a', 10), cm('b', 10)], padding: 'z'.repeat(500) }),
      JSON.stringify({ kind: 'List', items: [cm('a', 10)], extra: 'z'.repeat(500) })]) {
      const refused = parseManifests('one.json', text, limits);
      assert.equal(refused.resources.length, 0);
      assert.match(refused.errors[0]?.message ?? '', /^document is larger than 400 bytes/);
    }
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
