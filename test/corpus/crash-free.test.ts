import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { InputError } from '../../src/core/finding.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { requireCorpus } from '../support/corpus.js';

function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

interface Outcome { readonly file: string; readonly errors: readonly InputError[]; readonly resources: number }

/** Scans each corpus file on its own with every rule; collects the files whose evaluation threw. */
function scanAll(corpus: string): { outcomes: Outcome[]; thrown: string[] } {
  const outcomes: Outcome[] = [];
  const thrown: string[] = [];
  for (const abs of manifestFiles(corpus)) {
    const file = path.relative(corpus, abs);
    try {
      const r = evaluateTexts([{ file, text: readFileSync(abs, 'utf8') }], RULES, DEFAULT_CONFIG);
      outcomes.push({ file, errors: r.errors, resources: r.summary.resources });
    } catch (e) {
      thrown.push(`${file}: ${(e as Error).message}`);
    }
  }
  return { outcomes, thrown };
}

test('every YAML/JSON file of the corpus scans with all rules without throwing, and problems are located', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const { outcomes, thrown } = scanAll(corpus);
  assert.ok(outcomes.length > 1000, `only ${outcomes.length} files scanned`);
  assert.deepEqual(thrown, [], 'evaluation threw');

  const unlocated = outcomes.flatMap((o) => o.errors.filter((e) => e.file !== o.file || !(e.line >= 1)).map((e) => `${o.file}: ${JSON.stringify(e)}`));
  assert.deepEqual(unlocated, [], 'every error names its file and a line');

  const ruleFailures = outcomes.flatMap((o) => o.errors.filter((e) => e.message.startsWith('rule ')).map((e) => `${o.file}:${e.line}: ${e.message}`));
  assert.deepEqual(ruleFailures, [], 'no rule may fail on real input');

  const invalid = outcomes.find((o) => o.file.endsWith(path.join('online-boutique', 'invalid.yaml')));
  assert.ok(invalid, 'kubescape-examples online-boutique/invalid.yaml is in the corpus');
  assert.ok(invalid.errors.length > 0, 'invalid.yaml must produce an error entry');

  const bundle = outcomes.find((o) => o.file === path.join('prometheus-operator', 'bundle.yaml'));
  assert.ok(bundle, 'prometheus-operator/bundle.yaml is in the corpus');
  assert.deepEqual(bundle.errors, [], 'bundle.yaml must parse');
  assert.ok(bundle.resources >= 10, `bundle.yaml gave ${bundle.resources} resources`);
});
