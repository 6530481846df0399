import { corpusDir } from '../test/support/corpus.js';
import { fuzzCases } from './fuzz-cases.js';
import { runFuzzCase } from './fuzz-run.js';

/** The fuzz suite of `npm test`, larger: case count, outcomes and the slowest case printed. */
export function runFuzzBench(count = 2000, seed = 1919): void {
  const corpus = corpusDir();
  if (!corpus) {
    console.log('fuzz: skipped, corpus not found (../shared/corpus)');
    return;
  }
  const outcomes = fuzzCases(corpus, seed, count).map(runFuzzCase);
  const failed = outcomes.filter((o) => o.failure !== undefined);
  const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a), outcomes[0] ?? { name: '-', ms: 0, binary: false });
  const total = outcomes.reduce((s, o) => s + o.ms, 0);
  console.log(`fuzz: ${outcomes.length} cases (seed ${seed}), ${failed.length} failed, ${outcomes.filter((o) => o.binary).length} refused as binary, ${total.toFixed(0)} ms total, slowest ${slowest.ms.toFixed(0)} ms (${slowest.name})`);
  for (const f of failed.slice(0, 20)) console.log(`fuzz: FAILED ${f.name}: ${f.failure ?? ''}`);
}
