import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAPPINGS, scoreCorpus } from '../../scripts/score-corpus.js';
import { CONTROLS } from '../../src/catalog/index.js';
import { POD_SECURITY_RULES } from '../../src/rules/pod-security/index.js';
import { requireCorpus } from '../support/corpus.js';

test('pod-security controls agree with the peer suites on at least 95% of mapped cases', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const report = scoreCorpus(corpus, POD_SECURITY_RULES);
  const ps = report.checks.filter((c) => c.status === 'scored');
  // Every pod-security mapping must have been scored on real cases, or the figure would be hollow.
  for (const c of ps) assert.ok(c.tp + c.fn + c.tn + c.fp + c.excluded > 0, `${c.suite} ${c.check} scored no case`);
  assert.ok(report.podSecurity.tp > 500 && report.podSecurity.tn > 500, `too few cases: ${JSON.stringify(report.podSecurity)}`);
  const agreement = report.podSecurity.agreement ?? 0;
  const misses = ps.flatMap((c) => c.disagreements.filter((d) => !d.quirk).map((d) => `${c.suite} ${c.check}: ${d.fixture}`));
  assert.ok(agreement >= 0.95, `agreement ${agreement}; disagreements:\n${misses.join('\n')}`);
  // Quirks are for peer mistakes, not for hiding ours: keep them few.
  assert.ok(report.podSecurity.excluded <= 12, `${report.podSecurity.excluded} cases set aside as quirks`);
});

test('every suite contributes pod-security cases', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const report = scoreCorpus(corpus, POD_SECURITY_RULES);
  for (const suite of ['polaris', 'kyverno', 'trivy', 'kube-score', 'badPods'] as const) {
    const n = report.checks.filter((c) => c.suite === suite && c.status === 'scored').reduce((a, c) => a + c.tp + c.fn + c.tn + c.fp, 0);
    assert.ok(n > 0, `${suite} scored nothing`);
  }
});

test('the mapping table names real catalog controls and no check twice', () => {
  const ids = new Set(CONTROLS.map((c) => c.id));
  const seen = new Set<string>();
  for (const m of MAPPINGS) {
    const key = `${m.suite}/${m.check}`;
    assert.ok(!seen.has(key), `${key} mapped twice`);
    seen.add(key);
    for (const id of m.controls) assert.ok(ids.has(id), `${key} maps to unknown control ${id}`);
    if (m.controls.length === 0) assert.ok(m.note, `${key} has no equivalent but no reason`);
  }
});

test('a mapping to a control without a rule is reported as not built, not scored', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const report = scoreCorpus(corpus, POD_SECURITY_RULES, ['trivy']);
  const tag = report.checks.find((c) => c.check === 'KSV-0013');
  assert.equal(tag?.status, 'rule-not-built');
  assert.equal(report.checks.find((c) => c.check === 'KSV-0017')?.status, 'scored');
});
