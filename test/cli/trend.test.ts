import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';

const NOW = ['--now', '2026-11-01T00:00:00Z'];
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: newcomer\n  namespace: ehr\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n';

describe('scan --baseline', () => {
  it('marks new findings, counts unchanged and fixed ones, and --fail-on-new fails only on new ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-trend-'));
    cpSync(path.join(REPO_ROOT, 'examples', 'clinic'), path.join(dir, 'clinic'), { recursive: true });
    const before = await runCli(['scan', path.join(dir, 'clinic'), '--format', 'json', '-o', 'before.json', ...NOW], { cwd: dir });
    assert.equal(before.code, 1, before.stderr);
    // (Absolute paths: readInputs resolves a relative directory against the process, not io.cwd.)
    // The same input again: nothing new, and --fail-on-new passes although high findings remain.
    const same = await runCli(['scan', path.join(dir, 'clinic'), '--baseline', 'before.json', '--fail-on-new', '--no-color', ...NOW], { cwd: dir });
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /Since baseline before\.json: 0 new, \d+ unchanged, 0 fixed/);
    assert.doesNotMatch(same.stdout, /NEW /);
    // Remove a file (its findings are fixed) and add a privileged pod (new findings).
    rmSync(path.join(dir, 'clinic', 'portal.yaml'));
    writeFileSync(path.join(dir, 'clinic', 'newcomer.yaml'), POD);
    const after = await runCli(['scan', path.join(dir, 'clinic'), '--baseline', 'before.json', '--fail-on-new', '--no-color', ...NOW], { cwd: dir });
    assert.equal(after.code, 1);
    const m = /Since baseline before\.json: (\d+) new, (\d+) unchanged, (\d+) fixed/.exec(after.stdout);
    assert.ok(m, after.stdout.slice(-500));
    assert.ok(Number(m[1]) > 0 && Number(m[3]) > 0);
    assert.equal((after.stdout.match(/ NEW HK-/g) ?? []).length, Number(m[1]));
    assert.match(after.stdout, /Fixed since the baseline/);
    const md = await runCli(['scan', path.join(dir, 'clinic'), '--baseline', 'before.json', '--format', 'markdown', ...NOW], { cwd: dir });
    assert.match(md.stdout, new RegExp(`Since baseline before\\.json: ${m[1]} new`));
    assert.ok(md.stdout.includes('🆕'));
  });

  it('refuses a baseline that is not a JSON report, naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-trend-'));
    writeFileSync(path.join(dir, 'old.json'), '{"runs": []}');
    const r = await runCli(['scan', path.join(REPO_ROOT, 'examples', 'clinic'), '--baseline', 'old.json'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--baseline old\.json: no "findings" array/);
    const r2 = await runCli(['scan', 'x.yaml', '--fail-on-new'], { cwd: dir });
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /--fail-on-new needs --baseline/);
  });
});
