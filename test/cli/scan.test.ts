import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CONTROLS } from '../../src/catalog/index.js';
import { runCli } from '../support/cli.js';
import { repoRoot } from '../support/corpus.js';

const run = promisify(execFile);
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ehr\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n';

interface JsonReport {
  schemaVersion: string;
  tool: { name: string; version: string };
  findings: { control: string; severity: string; hipaa: string[]; location?: { file: string; line: number; column: number }; resource?: { kind: string; name: string }; related?: { control: string; resource?: { kind: string; name: string }; location?: { file: string; line: number } }[] }[];
  errors: { file: string; line: number; message: string }[];
  controls: { id: string; status: string }[];
  summary: { resources: number };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('phiguard scan', () => {
  it('scans the shipped clinic example and reports findings with HIPAA citations and lines', async () => {
    const r = await runCli(['scan', 'examples/clinic', '--format', 'json', '--now', '2026-11-01T00:00:00Z']);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.schemaVersion, '1.0.0');
    assert.equal(report.tool.name, 'phiguard');
    assert.ok(report.summary.resources >= 20);
    assert.deepEqual(report.errors, []);
    assert.equal(report.controls.length, CONTROLS.length, 'every catalog control has a status');
    // The example's deliberate weaknesses (examples/clinic/README.md), each a finding on the resource that carries it.
    // A finding stands for those of the same root cause listed in its `related`.
    // Each is control, resource and the file:line of the field that carries the weakness.
    const found = new Set(report.findings.flatMap((f) => [f, ...(f.related ?? [])]).map((f) => `${f.control} ${f.resource ? `${f.resource.kind}/${f.resource.name}` : '-'} ${f.location ? `${f.location.file}:${f.location.line}` : '-'}`));
    for (const expected of [
      'HK-SE-001 Deployment/ehr-api examples/clinic/ehr-api.yaml:44',
      'HK-SE-003 Secret/ehr-db-credentials examples/clinic/ehr-db.yaml:50',
      'HK-PS-008 StatefulSet/ehr-db examples/clinic/ehr-db.yaml:28',
      'HK-PS-008 StatefulSet/ehr-db examples/clinic/ehr-db.yaml:29',
      'HK-IN-001 StatefulSet/ehr-db examples/clinic/ehr-db.yaml:21',
      'HK-AV-001 StatefulSet/ehr-db examples/clinic/ehr-db.yaml:20',
      'HK-TX-001 Ingress/portal examples/clinic/portal.yaml:65',
      'HK-AC-005 RoleBinding/ehr-operators examples/clinic/rbac.yaml:29',
      'HK-AC-002 ClusterRoleBinding/ci-deployer examples/clinic/rbac.yaml:37',
      'HK-AC-004 ClusterRoleBinding/ci-deployer examples/clinic/rbac.yaml:42',
    ]) {
      assert.ok(found.has(expected), `expected finding ${expected}; found:\n${[...found].join('\n')}`);
    }
    assert.ok(report.findings.length >= 30, `the example yields its full set of findings (${report.findings.length})`);
    for (const f of report.findings) {
      assert.ok(f.hipaa.length > 0, `${f.control} has citations`);
      // Findings about an absence (no break-glass binding at all) have no resource and no line.
      if (!f.resource) continue;
      assert.ok((f.location?.line ?? 0) > 0, `${f.control} has a line`);
      assert.ok(f.location?.file.startsWith('examples/clinic/'));
    }
    assert.equal(r.code, report.findings.some((f) => f.severity === 'critical' || f.severity === 'high') ? 1 : 0);
  });

  it('reads standard input, exits 0 when nothing reaches --fail-on', async () => {
    const r = await runCli(['scan', '-', '--format', 'json', '--fail-on', 'critical', '--only', 'HK-GV-001'], { stdin: POD });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.summary.resources, 1);
    assert.equal(r.code, 0);
    assert.deepEqual(report.findings.map((f) => `${f.control} ${f.resource?.kind}/${f.resource?.name} ${f.location?.file}:${f.location?.line}`), ['HK-GV-001 Pod/p <stdin>:1']);
    assert.equal(report.controls.find((c) => c.id === 'HK-GV-001')?.status, 'fail');
    assert.equal(report.controls.find((c) => c.id === 'HK-PS-003')?.status, 'not-evaluated');
  });

  it('exits 1 when a finding reaches --fail-on', async () => {
    const r = await runCli(['scan', '-', '--fail-on', 'medium', '--only', 'HK-GV-001'], { stdin: POD });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /HK-GV-001/);
    assert.match(r.stdout, /<stdin>:1/);
  });

  it('reports a broken file with its line, scans the others, and exits 2', async () => {
    const dir = tempDir({ 'good.yaml': POD, 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n', 'blob.json': '\u0000\u0001binary' });
    const r = await runCli(['scan', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(r.code, 2);
    assert.equal(report.summary.resources, 1);
    const files = report.errors.map((e) => path.basename(e.file)).sort();
    assert.deepEqual(files, ['bad.yaml', 'blob.json']);
    assert.ok(report.errors.find((e) => e.file.endsWith('bad.yaml'))!.line >= 3);
  });

  it('gives usage errors exit 2 with a message', async () => {
    for (const argv of [['scan'], ['scan', 'x', '--format', 'xml'], ['scan', 'x', '--fail-on', 'severe'], ['scan', 'x', '--only', 'PS-3'], ['nope']]) {
      const r = await runCli(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.ok(r.stderr.length > 0);
    }
    const missing = await runCli(['scan', 'does/not/exist.yaml', '--format', 'json']);
    assert.equal(missing.code, 2);
    assert.match((JSON.parse(missing.stdout) as JsonReport).errors[0]?.message ?? '', /no such file/);
  });

  it('takes the document size limit from --max-document-mb or maxDocumentMB, judging a List by its items', async () => {
    const cm = (name: string, size: number): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { v: 'x'.repeat(size) } });
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [cm('small', 10), cm('large', 3000), cm('also-small', 10)] }, null, 4);
    const dir = tempDir({ 'all.json': list, 'cfg.yaml': 'maxDocumentMB: 0.002\n', 'bad.yaml': 'maxDocumentMB: 0\n' });
    const names = (stdout: string): string[] => (JSON.parse(stdout) as { findings: { resource?: { name: string } }[] }).findings.map((f) => f.resource?.name ?? '').filter((n) => n !== '');
    const whole = await runCli(['scan', path.join(dir, 'all.json'), '--format', 'json', '--only', 'HK-GV-001,HK-SE-001', '--fail-on', 'critical']);
    assert.equal(whole.code, 0, whole.stderr);
    for (const argv of [['--max-document-mb', '0.002'], ['--config', path.join(dir, 'cfg.yaml')]]) {
      const r = await runCli(['scan', path.join(dir, 'all.json'), '--format', 'json', '--only', 'HK-GV-001,HK-SE-001', ...argv]);
      assert.equal(r.code, 2, argv.join(' '));
      const report = JSON.parse(r.stdout) as JsonReport & { summary: { resources: number } };
      assert.equal(report.summary.resources, 2);
      assert.match(report.errors[0]?.message ?? '', /^item 1 of the List is larger than 2097 bytes/);
      assert.ok(!names(r.stdout).includes('large'));
    }
    assert.equal((await runCli(['scan', path.join(dir, 'all.json'), '--max-document-mb', 'lots'])).code, 2);
    const bad = await runCli(['scan', path.join(dir, 'all.json'), '--config', path.join(dir, 'bad.yaml')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.yaml:1: \/maxDocumentMB must be > 0/);
  });

  it('rejects an invalid configuration file naming its line', async () => {
    const dir = tempDir({ 'cfg.yaml': 'phiNamespaces: [ehr]\nfailOn: severe\n' });
    const r = await runCli(['scan', '-', '--config', path.join(dir, 'cfg.yaml')], { stdin: POD });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cfg\.yaml:2: \/failOn must be equal to one of the allowed values/);
  });

  it('puts namespaces from --phi-namespace in scope', async () => {
    const r = await runCli(['scan', '-', '--format', 'json', '--phi-namespace', 'ehr', '--only', 'HK-GV-001'], { stdin: POD });
    const report = JSON.parse(r.stdout) as JsonReport & { scope: { undeclared: boolean; namespaces: { name: string; level: string }[] } };
    assert.equal(report.scope.undeclared, false);
    assert.deepEqual(report.scope.namespaces.find((n) => n.name === 'ehr'), { name: 'ehr', level: 'phi', source: 'config' });
  });

  it('colours text only on a terminal and never with NO_COLOR', async () => {
    const tty = await runCli(['scan', '-', '--only', 'HK-GV-001'], { stdin: POD, tty: true });
    assert.ok(tty.stdout.includes('\u001b['), 'colour codes on a terminal');
    const noColor = await runCli(['scan', '-', '--only', 'HK-GV-001'], { stdin: POD, tty: true, env: { NO_COLOR: '1' } });
    assert.ok(!noColor.stdout.includes('\u001b['), 'no colour with NO_COLOR');
    const pipe = await runCli(['scan', '-', '--only', 'HK-GV-001'], { stdin: POD });
    assert.ok(!pipe.stdout.includes('\u001b['), 'no colour in a pipe');
  });

  it('writes SARIF 2.1.0 with HIPAA as a taxonomy', async () => {
    const r = await runCli(['scan', 'examples/clinic', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as { version: string; runs: { taxonomies: { name: string; taxa: { id: string }[] }[]; results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0]!;
    assert.equal(run0.taxonomies[0]?.name, 'HIPAA');
    assert.ok(run0.results.length > 0);
    const ruleIds = new Set(run0.tool.driver.rules.map((x) => x.id));
    for (const res of run0.results) assert.ok(ruleIds.has(res.ruleId));
  });

  it('runs as a real process from bin/phiguard.js', async () => {
    const bin = path.join(repoRoot(), 'bin', 'phiguard.js');
    const version = await run(process.execPath, [bin, '--version']);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    await assert.rejects(run(process.execPath, [bin, 'scan', path.join(repoRoot(), 'examples', 'clinic'), '--fail-on', 'low']), (e: { code?: number }) => e.code === 1);
  });

  it('warns on an empty input; --fail-on-empty (on by default when CI is set) exits 2', async () => {
    const quiet = await runCli(['scan', '-'], { stdin: '' });
    assert.equal(quiet.code, 0);
    assert.match(quiet.stderr, /^-: warning: no Kubernetes resources in the input/m);
    assert.match(quiet.stdout, /Input warnings \(1\)\n {2}-: no Kubernetes resources in the input/);
    assert.equal((await runCli(['scan', '-', '--fail-on-empty'], { stdin: '' })).code, 2);
    assert.equal((await runCli(['scan', '-'], { stdin: '# helm template failed\n---\n', env: { CI: 'true' } })).code, 2);
    assert.equal((await runCli(['scan', '-', '--no-fail-on-empty'], { stdin: '', env: { CI: 'true' } })).code, 0);
    assert.equal((await runCli(['scan', '-', '--only', 'HK-GV-001'], { stdin: POD, env: { CI: 'true' } })).code, 0, 'an input with resources is not empty');
  });

  it('--only naming a control the catalog lacks is a usage error', async () => {
    const r = await runCli(['scan', '-', '--only', 'HK-GV-001,HK-XX-999'], { stdin: POD });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--only: no control HK-XX-999 in the catalog/);
  });

  it('writes input errors and warnings to stderr too, so -o FILE still shows them', async () => {
    const dir = tempDir({ 'good.yaml': POD, 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n', 'twice.yaml': POD });
    const out = path.join(dir, 'report.json');
    const r = await runCli(['scan', dir, '--format', 'json', '-o', out, '--only', 'HK-GV-001']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /bad\.yaml:\d+:\d+: /);
    assert.match(r.stderr, /good\.yaml:1:1: warning: Pod "ehr\/p" is given again at .*twice\.yaml:1/);
    const tty = await runCli(['scan', dir, '--only', 'HK-GV-001'], { tty: true });
    assert.doesNotMatch(tty.stderr, /bad\.yaml/, 'a text report on the terminal already lists them');
    assert.match(tty.stdout, /bad\.yaml/);
  });

  it('says once in the header how many resources were put in the default namespace', async () => {
    const bare = POD.replace('  namespace: ehr\n', '');
    const r = await runCli(['scan', '-', '--only', 'HK-GV-001', '--namespace', 'clinic'], { stdin: `${bare}---\n${bare.replace('name: p', 'name: q')}---\n${POD.replace('name: p', 'name: r')}` });
    const header = r.stdout.split('\n').slice(0, 3).join('\n');
    assert.match(header, /\n2 namespaced resource\(s\) name no namespace and are judged in namespace "clinic"/);
    assert.equal((r.stdout.match(/name no namespace/g) ?? []).length, 1);
    const json = JSON.parse((await runCli(['scan', '-', '-f', 'json', '--only', 'HK-GV-001'], { stdin: bare })).stdout) as { scope: { defaultNamespace?: unknown } };
    assert.deepEqual(json.scope.defaultNamespace, { name: 'default', resources: 1 });
    const none = JSON.parse((await runCli(['scan', '-', '-f', 'json', '--only', 'HK-GV-001'], { stdin: POD })).stdout) as { scope: { defaultNamespace?: unknown } };
    assert.equal(none.scope.defaultNamespace, undefined);
  });
});

