import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fuzzCases } from '../../bench/fuzz-cases.js';
import { runFuzzCase } from '../../bench/fuzz-run.js';
import { requireCorpus } from '../support/corpus.js';
import { runCli } from '../support/cli.js';

const SEED = 19;
const CASES = 120;
// Generous on a loaded machine; the pathological regexes this guards against took tens of seconds.
const BOUND_MS = 5000;

test(`${CASES} seeded mutations of corpus files: no throw, both sentinel documents scanned, each within ${BOUND_MS} ms`, (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const cases = fuzzCases(corpus, SEED, CASES);
  assert.equal(cases.length, CASES);
  const failures = cases.map(runFuzzCase).filter((o) => o.failure !== undefined || o.ms > BOUND_MS);
  assert.deepEqual(failures.map((o) => `${o.name}: ${o.failure ?? `${o.ms.toFixed(0)} ms`}`), []);
});

test('mutated files through the CLI exit 0, 1 or 2 and print no stack trace', async (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-fuzz-'));
  try {
    for (const [i, c] of fuzzCases(corpus, SEED + 1, 12).entries()) writeFileSync(path.join(dir, `case-${i}.yaml`), c.bytes);
    const run = await runCli(['scan', dir]);
    assert.ok([0, 1, 2].includes(run.code), `exit ${run.code}`);
    assert.doesNotMatch(run.stderr + run.stdout, /\n\s+at .+:\d+:\d+\)?\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
