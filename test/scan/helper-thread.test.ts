import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generateCorpus } from '../../bench/corpus.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { RULES } from '../../src/rules/index.js';
import type { TextInput } from '../../src/sources/inputs.js';
import { parseInputs } from '../../src/sources/inputs.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { evaluateInputs } from '../../src/scan/evaluate-threaded.js';
import { HELPER_MAX_BYTES, HELPER_MIN_BYTES, helperPays, startHelperThread } from '../../src/scan/helper-thread.js';
import { repoRoot, requireCorpus } from '../support/corpus.js';

const CONFIG = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };

/** Inputs that exercise every kind of outcome: errors, empty documents, binary and infinite values, JSON, Lists. */
const AWKWARD: readonly TextInput[] = [
  {
    file: 'awkward.yaml',
    text: [
      '# a comment-only preamble',
      '---',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow, namespace: app}\ndata: {a: "1"}',
      '---',
      '',
      '---',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: bin\n  namespace: app\ndata:\n  raw: !!binary aGVsbG8=',
      '---',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inf\n  namespace: app\nspec:\n  ratio: .inf\n  nan: .nan',
      '---',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n  namespace: app\nspec:\n  containers: [ {name: x',
      '---',
      'base: &b {image: "nginx:latest", name: web}\n---',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: app\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n      securityContext:\n        privileged: true',
      '...',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: sa, namespace: app}\n  - not-an-object',
      '',
    ].join('\n'),
  },
  { file: 'pod.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j', namespace: 'app' }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'busybox' }] } }, null, 2) },
  { file: 'clinic-ehr-api.yaml', text: readFileSync(path.join(repoRoot(), 'examples/clinic/ehr-api.yaml'), 'utf8') },
];

function sequential(inputs: readonly TextInput[]): unknown {
  const { parsed: _parsed, ...result } = evaluateTexts(inputs, RULES, CONFIG);
  return result;
}

describe('helper thread', () => {
  test('gives the same findings, locations, errors and statuses as one thread, on awkward input', async () => {
    const threaded = await evaluateInputs(AWKWARD, RULES, CONFIG, {}, [], 0);
    assert.deepEqual(threaded, sequential(AWKWARD));
    assert.ok(threaded.errors.some((e) => e.file === 'awkward.yaml' && e.line > 1), 'the broken document is an error with its line');
    assert.ok(threaded.findings.some((f) => f.location?.file === 'awkward.yaml' && f.location.line > 30), 'findings late in the stream are located');
  });

  test('gives the same result on generated streams, with several files', async () => {
    const inputs: TextInput[] = [
      { file: 'a.yaml', text: generateCorpus(1500) },
      ...AWKWARD,
      { file: 'b.yaml', text: generateCorpus(700) },
    ];
    const threaded = await evaluateInputs(inputs, RULES, CONFIG, {}, [], 0);
    assert.ok(threaded.findings.length > 1000);
    assert.deepEqual(threaded, sequential(inputs));
  });

  test('takes the threaded path by default from HELPER_MIN_BYTES of input, with the same result', async () => {
    // The generated corpus runs at about 500 bytes per resource.
    const text = generateCorpus(Math.ceil(HELPER_MIN_BYTES / 480));
    assert.ok(text.length >= HELPER_MIN_BYTES, 'the input is large enough for the helper');
    const inputs: TextInput[] = [{ file: 'big.yaml', text }];
    assert.deepEqual(await evaluateInputs(inputs, RULES, CONFIG), sequential(inputs));
  });

  test('starts a helper only between HELPER_MIN_BYTES and HELPER_MAX_BYTES of YAML, where its copy of the text pays', () => {
    assert.equal(helperPays(HELPER_MIN_BYTES - 1), false);
    assert.equal(helperPays(HELPER_MIN_BYTES), true);
    assert.equal(helperPays(HELPER_MAX_BYTES), true);
    assert.equal(helperPays(HELPER_MAX_BYTES + 1), false, 'a copy of a very large text costs more memory than the helper saves time');
  });

  test('gives the same result above the helper limit, on this thread alone', async () => {
    const inputs: TextInput[] = [{ file: 'a.yaml', text: generateCorpus(600) }, ...AWKWARD];
    assert.deepEqual(await evaluateInputs(inputs, RULES, CONFIG, {}, [], 0, 1000), sequential(inputs));
  });

  test('gives the same result when one file name is given twice', async () => {
    const inputs: TextInput[] = [{ file: 'same.yaml', text: generateCorpus(400) }, { file: 'same.yaml', text: generateCorpus(200) }];
    assert.deepEqual(await evaluateInputs(inputs, RULES, CONFIG, {}, [], 0), sequential(inputs));
  });

  test('locates everything itself when the helper is gone', async () => {
    const helper = startHelperThread();
    await helper.close();
    const inputs: TextInput[] = [{ file: 'a.yaml', text: generateCorpus(300) }, ...AWKWARD];
    helper.share(inputs);
    const parsed = parseInputs(inputs);
    const locator = helper.locator(parsed);
    const pod = parsed.resources.find((r) => r.ref.name === 'web' && r.ref.kind === 'Pod');
    assert.ok(pod);
    locator.ask(pod, '/spec/containers/0/securityContext/privileged');
    const [at] = locator.answers();
    assert.equal(at?.file, 'awkward.yaml');
    assert.match(parsed.files.get('awkward.yaml')?.text.split('\n')[(at?.line ?? 0) - 1] ?? '', /privileged: true/);
  });

  test('gives the same result as one thread over the whole corpus in one scan', async (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    const inputs: TextInput[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(e.name)) inputs.push({ file: path.relative(corpus, p), text: readFileSync(p, 'utf8') });
      }
    };
    walk(corpus);
    assert.ok(inputs.length > 100);
    assert.deepEqual(await evaluateInputs(inputs, RULES, CONFIG, {}, [], 0), sequential(inputs));
  });
});
