import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchJitFlags } from '../../src/cli/jit-tuning.js';

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
});
