import assert from 'node:assert/strict';
import { partsOf } from '../../src/core/finding.js';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { EvaluationResult } from '../../src/core/engine.js';
import { formatCsv } from '../../src/report/csv.js';
import { formatJson } from '../../src/report/json.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown, MARKDOWN_LIMIT } from '../../src/report/markdown.js';
import { formatPolicyReport, POLICY_REPORT_RESULT_LIMIT } from '../../src/report/policyreport.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import type { Formatter } from '../../src/report/report.js';
import type { ReportContext } from '../../src/report/report.js';
import { assertGolden, clinicContext, clinicResult, GOLDEN_NOW, GOLDEN_TOOL } from './golden.js';

const FORMATS: readonly [string, Formatter][] = [
  ['clinic.txt', formatText], ['clinic.json', formatJson], ['clinic.sarif', formatSarif], ['clinic.junit.xml', formatJunit],
  ['clinic.md', formatMarkdown], ['clinic.csv', formatCsv], ['clinic.policyreport.yaml', formatPolicyReport], ['clinic.html', formatHtml],
];

describe('report formats on examples/clinic', () => {
  let result: EvaluationResult;
  let context: ReportContext;
  before(async () => {
    result = await clinicResult();
    context = await clinicContext(result);
  });

  for (const [name, format] of FORMATS) {
    it(`matches the golden ${name}`, () => {
      // Every format gets the context; only html uses it, so the others prove they ignore it.
      assertGolden(name, format({ tool: GOLDEN_TOOL, result, context }, { color: false, pretty: true, now: GOLDEN_NOW }));
    });
  }

  it('junit has one failing case per control and resource with findings, folded ones included', () => {
    const xml = formatJunit({ tool: GOLDEN_TOOL, result }, { color: false });
    // Advisory (hygiene) findings do not fail a control, so they are no failing case.
    const keys = new Set(result.findings.flatMap(partsOf).filter((f) => f.advisory !== true).map((f) => `${f.control} ${f.resource ? `${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}` : f.location?.file ?? ''}`));
    assert.ok(result.findings.some((f) => f.related), 'the clinic has findings of one cause');
    assert.equal((xml.match(/<failure /g) ?? []).length, keys.size);
    assert.match(xml, new RegExp(`<testsuites [^>]*failures="${keys.size}"`));
  });

  it('csv has a row per open and waived finding and no formula-looking cell', () => {
    const csv = formatCsv({ tool: GOLDEN_TOOL, result }, { color: false });
    const rows = csv.trimEnd().split('\r\n');
    assert.equal(rows.length - 1, result.findings.length + result.waived.length);
    assert.ok(rows.every((r) => !/(^|,)[=+@]/.test(r)));
  });

  it('policyreport writes a PolicyReport per namespace with findings and one ClusterPolicyReport, counts matching', () => {
    const docs = parseAllDocuments(formatPolicyReport({ tool: GOLDEN_TOOL, result }, { color: false, now: GOLDEN_NOW })).map((d) => d.toJS() as { kind: string; metadata: { namespace?: string }; summary: { fail: number }; results: unknown[] });
    const namespaces = new Set(result.findings.flatMap((f) => (f.resource?.namespace !== undefined ? [f.resource.namespace] : [])));
    assert.deepEqual(docs.filter((d) => d.kind === 'PolicyReport').map((d) => d.metadata.namespace).sort(), [...namespaces].sort());
    assert.equal(docs.filter((d) => d.kind === 'ClusterPolicyReport').length, 1);
    assert.equal(docs.reduce((n, d) => n + d.summary.fail, 0), result.findings.length);
    assert.ok(docs.every((d) => d.results.length <= POLICY_REPORT_RESULT_LIMIT));
  });

  it('markdown stays under a PR comment limit and says how many findings it left out', () => {
    const many = { ...result, findings: Array.from({ length: 40 }, () => result.findings).flat() };
    const text = formatMarkdown({ tool: GOLDEN_TOOL, result: many }, { color: false });
    assert.ok(text.length <= MARKDOWN_LIMIT + 300, `${text.length} characters`);
    const shown = text.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l)).length;
    assert.ok(shown > 0 && shown < many.findings.length);
    assert.match(text, new RegExp(`_${many.findings.length - shown} more findings not shown`));
  });
});
