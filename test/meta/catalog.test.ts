import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONTROLS, controlById } from '../../src/catalog/index.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { repoRoot } from '../support/corpus.js';
import { exampleUnder } from '../support/docs-page.js';

const DOCS = path.join(repoRoot(), 'docs', 'controls');

describe('catalog', () => {
  it('has unique ids, citations and text for every control', () => {
    const ids = CONTROLS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(CONTROLS.length, 147);
    for (const c of CONTROLS) {
      assert.match(c.id, /^HK-[A-Z]{2}-\d{3}$/);
      assert.ok(c.hipaa.length > 0 && c.hipaa.every((h) => /^164\.\d{3}(\([0-9a-zA-Z]+\))+$/.test(h)), `${c.id} citations ${c.hipaa.join(',')}`);
      assert.ok(c.summary.length > 20, `${c.id} summary`);
      assert.ok(c.remediation.length > 20, `${c.id} remediation`);
    }
  });

  it('says where each control is evaluated, consistent with what it needs', () => {
    for (const c of CONTROLS) {
      // Evidence only: an attestation; audit-log detections: `audit detect` over the trail; else scan or cluster.
      const expected = c.scope.every((s) => s === 'E') ? 'manual' : c.id.startsWith('HK-AL-') ? 'trail'
        : c.scope.includes('C') && !c.scope.includes('M') && !c.scope.includes('N') ? 'cluster' : 'scan';
      assert.equal(c.evaluatedIn, expected, `${c.id} (scope ${c.scope.join(',')})`);
    }
  });

  it('has exactly one rule per implemented control, each naming a catalog control', () => {
    const seen = new Map<string, string>();
    for (const r of RULES) {
      assert.ok(controlById(r.meta.id), `${r.meta.slug} names unknown control ${r.meta.id}`);
      assert.ok(!seen.has(r.meta.id), `${r.meta.id} has two rules: ${seen.get(r.meta.id)} and ${r.meta.slug}`);
      seen.set(r.meta.id, r.meta.slug);
      assert.ok(r.meta.needs.length > 0);
      assert.ok(Object.keys(r.meta.messages).length > 0);
    }
  });
});

describe('control docs pages', () => {
  for (const rule of RULES) {
    it(`${rule.meta.id}: page exists, its failing example fails and its passing example passes`, () => {
      const file = path.join(DOCS, `${rule.meta.id}.md`);
      assert.ok(existsSync(file), `docs/controls/${rule.meta.id}.md is missing`);
      const page = readFileSync(file, 'utf8');
      const control = controlById(rule.meta.id);
      assert.ok(page.startsWith(`# ${rule.meta.id}: ${control?.title ?? ''}`), 'the page starts with the id and catalog title');
      const failing = exampleUnder(page, 'Failing example');
      const passing = exampleUnder(page, 'Passing example');
      assert.ok(failing, 'a ```yaml block under "## Failing example"');
      assert.ok(passing, 'a ```yaml block under "## Passing example"');
      const config = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };
      const bad = evaluateTexts([{ file: 'failing.yaml', text: failing }], [rule], config);
      assert.deepEqual(bad.errors, []);
      assert.ok(bad.findings.some((f) => f.control === rule.meta.id), 'the failing example raises the control');
      assert.equal(bad.controls.find((c) => c.id === rule.meta.id)?.status, 'fail', 'the failing example fails the control (not only advisory findings)');
      const good = evaluateTexts([{ file: 'passing.yaml', text: passing }], [rule], config);
      assert.deepEqual(good.errors, []);
      assert.deepEqual(good.findings.filter((f) => f.control === rule.meta.id).map((f) => f.message), [], 'the passing example raises nothing');
    });
  }
});
