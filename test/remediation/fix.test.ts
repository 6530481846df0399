import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, test } from 'node:test';
import yaml from 'js-yaml';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { segmentsOf } from '../../src/core/resource.js';
import { fixTexts } from '../../src/remediation/fix-texts.js';
import { unifiedDiff } from '../../src/remediation/unified-diff.js';
import { editDocument } from '../../src/remediation/yaml-edit.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { runCli } from '../support/cli.js';
import { manifestFiles, REPO_ROOT, requireCorpus } from '../support/corpus.js';


/** Lines of `before` that `after` no longer has, and lines `after` gained (a line diff, by multiset). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const diff = unifiedDiff('f', before, after, 0).split('\n').slice(2);
  return { removed: diff.filter((l) => l.startsWith('-')).map((l) => l.slice(1)), added: diff.filter((l) => l.startsWith('+')).map((l) => l.slice(1)) };
}

describe('editDocument keeps every byte outside the changed nodes', () => {
  const text = `# leading comment
apiVersion: apps/v1   # trailing comment
kind: Deployment
metadata:
  name: "web"
  annotations:
    note: 'keep me'
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx@sha256:${'a'.repeat(64)}
        securityContext: {}
        ports:
        - hostPort: 80
          containerPort: 8080
`;
  it('adds into a flow mapping, keeping the quoting and compact sequences', () => {
    const r = editDocument(text, '', [{ op: 'add', path: '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation', value: false }]);
    assert.ok(r.ok);
    assert.equal(r.text, text.replace('securityContext: {}', 'securityContext: { allowPrivilegeEscalation: false }'));
  });
  it('removes the first pair of a sequence item', () => {
    const r = editDocument(text, '', [{ op: 'remove', path: '/spec/template/spec/containers/0/ports/0/hostPort' }]);
    assert.ok(r.ok);
    assert.equal(r.text, text.replace('- hostPort: 80\n          containerPort', '- containerPort'));
  });
  it('removes a mapping left empty from its parent, and adds a block with the document\'s sequence style', () => {
    const r = editDocument(text, '', [{ op: 'remove', path: '/metadata/annotations/note' }, { op: 'add', path: '/spec/template/spec/containers/0/ports/-', value: { containerPort: 9090 } }]);
    assert.ok(r.ok);
    assert.equal(r.text, text.replace("  annotations:\n    note: 'keep me'\n", '').replace('          containerPort: 8080\n', '          containerPort: 8080\n        - containerPort: 9090\n'));
  });
  it('replaces a scalar keeping its quotes, and refuses a path that is not there', () => {
    const r = editDocument(text, '', [{ op: 'replace', path: '/metadata/name', value: 'api' }]);
    assert.ok(r.ok);
    assert.equal(r.text, text.replace('"web"', '"api"'));
    const bad = editDocument(text, '', [{ op: 'replace', path: '/spec/nothing/here', value: 1 }]);
    assert.equal(bad.ok, false);
  });
});

test('fix refuses Helm templates and leaves them byte for byte', () => {
  const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Values.ns }}\n  labels:\n    phiguard.dev/scope: phi\n';
  const r = fixTexts([{ file: 'chart/templates/ns.yaml', text }], RULES, DEFAULT_CONFIG);
  assert.equal(r.files[0]?.after, text);
  assert.deepEqual(r.refused.map((x) => [x.file, x.line]), [['chart/templates/ns.yaml', 4]]);
  assert.match(r.refused[0]?.reason ?? '', /Helm template/);
});

test('round trip on real corpus files: only the changed nodes differ, and the data is the patched data', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const picks = ['istio-bookinfo', 'argo-cd', 'kubescape-examples', 'polaris/test/checks/privilegeEscalationAllowed', 'badPods', 'kubernetes-goat'];
  let filesChanged = 0;
  for (const dir of picks) {
    for (const abs of manifestFiles(path.join(corpus, dir)).slice(0, 40) as string[]) {
      const file = path.relative(corpus, abs);
      const before: string = readFileSync(abs, 'utf8');
      const r = fixTexts([{ file, text: before }], RULES, DEFAULT_CONFIG);
      const after = r.files[0]?.after ?? before;
      if (after === before) continue;
      filesChanged++;
      const keys = new Set(r.applied.flatMap((a) => a.patch.flatMap((op) => segmentsOf(op.path).filter((s) => !/^\d+$|^-$/.test(s)))));
      const { removed } = changedLines(before, after);
      // A line that changed or went away must hold a key one of the patches names.
      for (const line of removed) assert.ok([...keys].some((k) => line.includes(k)), `${file}: line changed outside the fixed nodes: ${JSON.stringify(line)}`);
      // Comments and document separators all stay.
      const count = (s: string, re: RegExp): number => s.split('\n').filter((l) => re.test(l)).length;
      assert.equal(count(after, /^---/), count(before, /^---/), `${file}: document separators`);
      assert.ok(count(after, /^\s*#/) >= count(before, /^\s*#/), `${file}: comments`);
      // Read back with the scanner's own YAML reader: the same number of documents, each still an object.
      assert.equal(yaml.loadAll(after).length, yaml.loadAll(before).length, `${file}: documents`);
    }
  }
  assert.ok(filesChanged >= 10, `only ${filesChanged} corpus files had a fix to apply`);
});

test('scan, fix, scan over the whole corpus: the fixed findings are gone', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  let before = 0;
  let after = 0;
  let applied = 0;
  let refused = 0;
  let failed = 0;
  let files = 0;
  const stillRaised: string[] = [];
  for (const abs of manifestFiles(corpus)) {
    const file = path.relative(corpus, abs);
    const text = readFileSync(abs, 'utf8');
    let r;
    try {
      r = fixTexts([{ file, text }], RULES, DEFAULT_CONFIG);
    } catch (e) {
      assert.fail(`${file}: fix threw: ${(e as Error).message}`);
    }
    files++;
    before += r.fixableBefore;
    after += r.fixableAfter;
    applied += r.applied.length;
    refused += r.refused.length;
    failed += r.failed.length;
    if (r.fixableAfter > 0 && stillRaised.length < 10) stillRaised.push(`${file}: ${r.fixableAfter} (${r.failed.map((f) => f.reason).join('; ')})`);
    // An independent re-scan of the written text agrees with what fix says is left.
    const fixed = r.files[0]?.after ?? text;
    if (fixed === text) continue;
    const rescan = evaluateTexts([{ file, text: fixed }], RULES, DEFAULT_CONFIG);
    const old = evaluateTexts([{ file, text }], RULES, DEFAULT_CONFIG);
    assert.deepEqual(rescan.errors.filter((e) => !old.errors.some((o) => o.message === e.message)), [], `${file}: the fixed text scans with new errors`);
    assert.equal(rescan.summary.resources, old.summary.resources, `${file}: resources lost`);
  }
  console.log(`scan-fix-scan over ${files} corpus files: fixable findings ${before} before, ${after} after; ${applied} fixes applied, ${failed} not applicable in place, ${refused} files refused (Helm templates)`);
  if (stillRaised.length > 0) console.log(`still raised:\n  ${stillRaised.join('\n  ')}`);
  assert.ok(before > 100, `only ${before} fixable findings in the corpus`);
  assert.ok(after <= before * 0.02, `${after} of ${before} fixable findings remain after fix`);
});

test('phiguard fix: --dry-run prints a diff and writes nothing; without it the files change and a re-scan is clean for what was fixed', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-fix-'));
  cpSync(path.join(REPO_ROOT, 'examples', 'clinic'), dir, { recursive: true });
  const original = readFileSync(path.join(dir, 'ehr-db.yaml'), 'utf8');
  const dry = await runCli(['fix', '--dry-run', '--control', 'HK-PS-009', '.'], { cwd: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^--- a\/ehr-db\.yaml\n\+\+\+ b\/ehr-db\.yaml\n@@ /m);
  assert.match(dry.stdout, /^\+ +allowPrivilegeEscalation: false$/m);
  assert.doesNotMatch(dry.stdout, /seccompProfile/, '--control limits the fixes');
  assert.match(dry.stdout, /^suggestion .*HK-PS-009|^would fix ehr-db\.yaml:\d+: HK-PS-009/m);
  assert.equal(readFileSync(path.join(dir, 'ehr-db.yaml'), 'utf8'), original);
  const real = await runCli(['fix', '.'], { cwd: dir });
  assert.equal(real.code, 0, real.stderr);
  assert.match(real.stdout, /suggestion ehr-db\.yaml:\d+: HK-PS-010 .*not applied: a program that writes/);
  assert.notEqual(readFileSync(path.join(dir, 'ehr-db.yaml'), 'utf8'), original);
  const scan = await runCli(['scan', '--format', 'json', '.'], { cwd: dir });
  const found = (JSON.parse(scan.stdout) as { findings: { control: string }[] }).findings.map((f) => f.control);
  for (const c of ['HK-PS-009', 'HK-PS-011']) assert.ok(!found.includes(c), `${c} still raised after fix`);
  writeFileSync(path.join(dir, 'tpl.yaml'), 'kind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n');
  const tpl = await runCli(['fix', 'tpl.yaml'], { cwd: dir });
  assert.equal(tpl.code, 1);
  assert.match(tpl.stderr, /^tpl\.yaml:3: refused: a Helm template/m);
  assert.equal(readFileSync(path.join(dir, 'tpl.yaml'), 'utf8'), 'kind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n');
});
