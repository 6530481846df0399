import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultOf, ruleTester } from '../../support/rule-tester.js';
import kubernetesVersionSupported from '../../../src/rules/live/kubernetes-version-supported.js';
import { scan } from './fixtures.js';

ruleTester(kubernetesVersionSupported, {
  valid: [
    { name: 'a maintained release', yaml: scan('  version:\n    gitVersion: v1.35.0\n') },
    { name: 'a release newer than the table', yaml: scan('  version:\n    gitVersion: v1.37.0\n') },
    { name: 'an ended release on a managed provider (extended support)', yaml: scan('  version:\n    gitVersion: v1.30.4-eks-a1b2\n'), config: { provider: 'eks' } },
  ],
  invalid: [
    { name: 'support ended before the scan', yaml: scan('  version:\n    gitVersion: v1.31.9\n'), errors: [{ messageId: 'ended', contains: '2025-10-28' }] },
    { name: 'older than every release listed', yaml: scan('  version:\n    gitVersion: v1.19.16\n'), errors: [{ messageId: 'ancient' }] },
    { name: '--kubernetes-version without a cluster read', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n', config: { kubernetesVersion: '1.29' }, errors: [{ messageId: 'ended' }] },
  ],
});

describe('HK-IN-010 without a version', () => {
  it('is not evaluated, saying what it needs', () => {
    const r = resultOf(kubernetesVersionSupported, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
    const c = r.controls.find((x) => x.id === 'HK-IN-010');
    assert.equal(c?.status, 'not-evaluated');
    assert.match(c.reason ?? '', /--cluster reads \/version/);
  });
});
