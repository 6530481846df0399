import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { batchJitFlags } from '../../src/cli/jit-tuning.js';

/** Runs real node with the given flags and returns the flags tuneJitForBatchRun applied in that process. */
function appliedIn(nodeFlags: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string; flags?: string[] } {
  const module = new URL('../../src/cli/jit-tuning.js', import.meta.url).href;
  const code = `const { tuneJitForBatchRun } = await import(${JSON.stringify(module)}); console.log(JSON.stringify(tuneJitForBatchRun()));`;
  const r = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', code], { encoding: 'utf8', env: { PATH: process.env['PATH'], ...env } });
  return { status: r.status, stderr: r.stderr, ...(r.status === 0 ? { flags: JSON.parse(r.stdout) as string[] } : {}) };
}

const NODE20_V8 = '11.3.244.8-node.38';

describe('batchJitFlags', () => {
  it('tunes the tier-up of Node 20 V8 for a short run', () => {
    assert.deepEqual(batchJitFlags(NODE20_V8, []), ['--interrupt-budget=135168', '--max-inlined-bytecode-size-cumulative=460']);
    assert.deepEqual(batchJitFlags(NODE20_V8, ['--max-old-space-size=4096', '--enable-source-maps']).length, 2);
  });

  it('leaves later V8s (Maglev tiers) at their defaults', () => {
    assert.deepEqual(batchJitFlags('12.4.254.21-node.33', []), []);
    assert.deepEqual(batchJitFlags('13.6.233.17-node.37', []), []);
  });

  it('never overrides a flag the user set, in either spelling', () => {
    assert.deepEqual(batchJitFlags(NODE20_V8, ['--interrupt-budget=1000']), []);
    assert.deepEqual(batchJitFlags(NODE20_V8, ['--interrupt_budget=1000']), []);
    assert.deepEqual(batchJitFlags(NODE20_V8, ['--max_inlined_bytecode_size_cumulative', '100']), []);
    // A flag that only starts like ours is another flag.
    assert.equal(batchJitFlags(NODE20_V8, ['--interrupt-budget-for-feedback-allocation=940']).length, 2);
  });

  it('is turned off by either flag on node\'s command line, as the README says', () => {
    const tuned = /^11\./.test(process.versions.v8);
    assert.equal(appliedIn([]).flags?.length, tuned ? 2 : 0);
    // Later V8s dropped --interrupt-budget (node 24 refuses it as a bad option); nothing is tuned there anyway.
    if (tuned) assert.deepEqual(appliedIn(['--interrupt-budget=67584']).flags, []);
    assert.deepEqual(appliedIn(['--max-inlined-bytecode-size-cumulative=920']).flags, []);
  });

  it('cannot be given in NODE_OPTIONS: node refuses both flags there', () => {
    for (const flag of ['--interrupt-budget=67584', '--max-inlined-bytecode-size-cumulative=920']) {
      const r = appliedIn([], { NODE_OPTIONS: flag });
      assert.notEqual(r.status, 0, flag);
      assert.match(r.stderr, /is not allowed in NODE_OPTIONS/);
    }
  });
});
