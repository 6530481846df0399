import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../../src/rules/index.js';
import { evaluateTexts } from '../../../src/scan/evaluate-texts.js';
import { TEST_CONFIG } from '../../support/rule-tester.js';

const BASE = `apiVersion: v1
kind: Namespace
metadata:
  name: ehr
  labels:
    phiguard.dev/phi: "true"
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: ehr
  labels:
    app: web
spec:
  containers:
  - name: web
    image: web:1
`;
const cilium = (selector: string, direction: string): string => `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: lock
  namespace: ehr
spec:
  endpointSelector: ${selector}
  ${direction}:
  - fromEndpoints:
    - {}
`;

function statusOf(id: string, yaml: string): { status: string | undefined; findings: number } {
  const rule = RULES.find((r) => r.meta.id === id);
  assert.ok(rule);
  const result = evaluateTexts([{ file: 'in.yaml', text: yaml }], [rule], TEST_CONFIG, { only: [id] });
  assert.deepEqual(result.errors, []);
  return { status: result.controls.find((c) => c.id === id)?.status, findings: result.findings.length };
}

describe('Cilium policies in HK-NW-002/003', () => {
  it('a pod a CiliumNetworkPolicy selects for ingress is not-evaluated, not reported as open', () => {
    assert.deepEqual(statusOf('HK-NW-002', BASE), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf('HK-NW-002', BASE + cilium('{}', 'ingress')), { status: 'not-evaluated', findings: 0 });
  });

  it('a Cilium policy that selects other pods, or governs the other direction, leaves the verdict alone', () => {
    assert.deepEqual(statusOf('HK-NW-002', BASE + cilium('{matchLabels: {app: other}}', 'ingress')), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf('HK-NW-003', BASE + cilium('{}', 'ingress')), { status: 'fail', findings: 1 });
  });
});

describe('Cilium policies in egress reachability (HK-NW-005, HK-NW-010)', () => {
  const db = BASE.replace(/\bweb\b/g, 'postgres');
  it('a pod a Cilium policy selects for egress is not-evaluated, not reported as reaching the metadata service or the internet', () => {
    assert.deepEqual(statusOf('HK-NW-010', BASE), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf('HK-NW-010', BASE + cilium('{}', 'egress')), { status: 'not-evaluated', findings: 0 });
    assert.deepEqual(statusOf('HK-NW-005', db), { status: 'fail', findings: 1 });
    assert.deepEqual(statusOf('HK-NW-005', db + cilium('{matchLabels: {app: postgres}}', 'egress')), { status: 'not-evaluated', findings: 0 });
  });
});
