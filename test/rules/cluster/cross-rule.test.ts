// Cases that judge one input under several network rules at once: which rule a Cilium policy hides from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dataTierInternetEgress from '../../../src/rules/cluster/data-tier-internet-egress.js';
import defaultDenyEgress from '../../../src/rules/cluster/default-deny-egress.js';
import defaultDenyIngress from '../../../src/rules/cluster/default-deny-ingress.js';
import metadataApiReachable from '../../../src/rules/cluster/metadata-api-reachable.js';
import { cilium, EHR_POD, statusOf } from './fixtures.js';

describe('Cilium policies in HK-NW-002/003', () => {
  it('a Cilium policy that selects other pods, or governs the other direction, leaves the verdict alone', () => {
    assert.deepEqual(statusOf(defaultDenyIngress, EHR_POD + cilium('{matchLabels: {app: other}}', 'ingress')), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf(defaultDenyEgress, EHR_POD + cilium('{}', 'ingress')), { status: 'fail', findings: 1 });
  });
});

describe('Cilium policies in egress reachability (HK-NW-005, HK-NW-010)', () => {
  const db = EHR_POD.replace(/\bweb\b/g, 'postgres');
  it('a pod a Cilium policy selects for egress is not-evaluated, not reported as reaching the metadata service or the internet', () => {
    assert.deepEqual(statusOf(metadataApiReachable, EHR_POD), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf(metadataApiReachable, EHR_POD + cilium('{}', 'egress')), { status: 'not-evaluated', findings: 0 });
    assert.deepEqual(statusOf(dataTierInternetEgress, db), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf(dataTierInternetEgress, db + cilium('{matchLabels: {app: postgres}}', 'egress')), { status: 'not-evaluated', findings: 0 });
  });
});
