import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { EvaluationResult } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/finding.js';
import { partsOf } from '../../src/core/finding.js';
import { formatCsv } from '../../src/report/csv.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatPolicyReport } from '../../src/report/policyreport.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { runCli } from '../support/cli.js';
import { clinicResult, GOLDEN_NOW, GOLDEN_TOOL } from './golden.js';

describe('findings of one root cause in every format (examples/clinic)', () => {
  let result: EvaluationResult;
  let grouped: Finding;
  before(async () => {
    result = await clinicResult();
    const f = result.findings.find((x) => x.control === 'HK-AC-002');
    assert.ok(f?.related && f.related.length > 0, 'the cluster-admin binding folds the other grants');
    grouped = f;
  });
  const input = (): { tool: typeof GOLDEN_TOOL; result: EvaluationResult } => ({ tool: GOLDEN_TOOL, result });

  it('SARIF lists them as relatedLocations with their control and message', () => {
    const sarif = JSON.parse(formatSarif(input(), { color: false })) as { runs: { results: { ruleId: string; relatedLocations?: { message: { text: string }; physicalLocation?: unknown }[]; properties: { relatedControls?: string[] } }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const run = sarif.runs[0];
    const r = run?.results.find((x) => x.ruleId === 'HK-AC-002');
    assert.equal(r?.relatedLocations?.length, grouped.related?.length);
    assert.ok(r?.relatedLocations?.some((l) => l.message.text.startsWith('HK-AC-005 (high): ') && l.physicalLocation !== undefined));
    assert.ok(r?.properties.relatedControls?.includes('HK-AC-004'));
    // Every control a result names is a rule of the run.
    const ids = new Set(run?.tool.driver.rules.map((x) => x.id));
    for (const c of grouped.related ?? []) assert.ok(ids.has(c.control), c.control);
  });

  it('JUnit still fails the folded control for its resource', () => {
    const xml = formatJunit(input(), { color: false });
    assert.match(xml, /name="HK-AC-005 ClusterRoleBinding ci-deployer">\s*<failure [^>]*reported with HK-AC-002: same cause/);
  });

  it('CSV, markdown, HTML and PolicyReport name them', () => {
    const csv = formatCsv(input(), { color: false });
    assert.match(csv.split('\r\n')[0] ?? '', /,related$/);
    assert.match(csv, /HK-AC-005 ClusterRoleBinding ci-deployer: /);
    assert.match(formatMarkdown(input(), { color: false }), /\(same cause: \d+ more, also HK-AC-004/);
    assert.match(formatHtml(input(), { color: false, now: GOLDEN_NOW }), /<details class="related"><summary>Same cause: \d+ more<\/summary>/);
    const yaml = formatPolicyReport(input(), { color: false, now: GOLDEN_NOW });
    assert.match(yaml, /resources:\n\s+- apiVersion: v1\n\s+kind: Namespace\n\s+name: portal\n\s+- apiVersion: apps\/v1\n\s+kind: Deployment/);
  });

  it('text starts with a summary by control, shows every finding\'s remediation and what it folds in', () => {
    const text = formatText(input(), { color: false });
    const summary = text.indexOf('Summary by control');
    assert.ok(summary > 0 && summary < text.indexOf('Access control'), 'the summary comes first');
    // Every control with a finding, folded ones included, has a summary row with its count and worst severity.
    for (const id of new Set(result.findings.flatMap((f) => partsOf(f).map((p) => p.control)))) {
      const n = result.findings.flatMap(partsOf).filter((p) => p.control === id).length;
      assert.match(text, new RegExp(`^ {2}[A-Z]+ +${id} +${n} `, 'm'), id);
    }
    assert.match(text, /^ {2}CRITICAL HK-AC-002 +1 +cluster-admin bound beyond break-glass +— ClusterRoleBinding ci-deployer$/m);
    assert.equal((text.match(/^ {11}remediation: /gm) ?? []).length, result.findings.filter((f) => f.remediation !== '').length);
    assert.match(text, /same cause \(7 more; also fails HK-AC-004, HK-AC-005/);
  });

  it('text --top N shows the N most severe and says how many it left out; --quiet shows the summary only', () => {
    const top = formatText(input(), { color: false, top: 2 });
    assert.equal((top.match(/^ {11}remediation: /gm) ?? []).length, 2);
    assert.match(top, new RegExp(`${result.findings.length - 2} less severe findings not shown \\(--top 2\\)`));
    assert.match(top, /CRITICAL HK-AC-002 {2}ClusterRoleBinding/);
    const quiet = formatText(input(), { color: false, quiet: true });
    assert.match(quiet, /Summary by control/);
    assert.doesNotMatch(quiet, /remediation: |Access control — 164/);
    assert.match(quiet, new RegExp(`${result.summary.findings} findings \\(`));
  });

  it('scan takes --quiet and --top for the text report and refuses them elsewhere', async () => {
    const q = await runCli(['scan', 'examples/clinic', '--quiet', '--now', GOLDEN_NOW]);
    assert.equal(q.code, 1);
    assert.match(q.stdout, /Summary by control/);
    assert.doesNotMatch(q.stdout, /remediation: /);
    const t = await runCli(['scan', 'examples/clinic', '--top', '1', '--now', GOLDEN_NOW]);
    assert.equal((t.stdout.match(/^ {11}remediation: /gm) ?? []).length, 1);
    assert.equal((await runCli(['scan', 'examples/clinic', '--top', '0'])).code, 2);
    const json = await runCli(['scan', 'examples/clinic', '--top', '3', '--format', 'json']);
    assert.equal(json.code, 2);
    assert.match(json.stderr, /--quiet and --top shorten the text report/);
  });
});
