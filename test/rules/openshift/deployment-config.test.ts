// A DeploymentConfig is judged like a Deployment by every workload rule; these cases check it under rules of two folders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../../src/rules/index.js';
import { resultOf } from '../../support/rule-tester.js';
import { EHR_NS } from '../cluster/fixtures.js';

function run(id: string, yaml: string): ReturnType<typeof resultOf> {
  const rule = RULES.find((r) => r.meta.id === id);
  assert.ok(rule);
  return resultOf(rule, yaml);
}

/** A DeploymentConfig in the PHI namespace; `container` adds lines under its one container. */
const deploymentConfig = (replicas: number, container = ''): string => `${EHR_NS}apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: ehr-api
  namespace: ehr
spec:
  replicas: ${replicas}
  selector:
    app: ehr-api
  template:
    metadata:
      labels:
        app: ehr-api
    spec:
      containers:
      - name: api
        image: api:1
${container}`;

describe('OpenShift', () => {
  it('judges a DeploymentConfig pod template like a Deployment', () => {
    const dc = (privileged: boolean): string => deploymentConfig(2, `        securityContext:\n          privileged: ${privileged}\n`);
    const bad = run('HK-PS-003', dc(true));
    assert.equal(bad.findings.length, 1);
    assert.equal(bad.findings[0]?.resource?.kind, 'DeploymentConfig');
    assert.equal(run('HK-PS-003', dc(false)).findings.length, 0);
  });
  it('counts a DeploymentConfig\'s replicas for availability: HK-CP-007 wants its PDB, HK-CP-008 flags a single replica', () => {
    const dc = (replicas: number): string => deploymentConfig(replicas);
    const noPdb = run('HK-CP-007', dc(2));
    assert.deepEqual(noPdb.findings.map((f) => `${f.resource?.kind} ${f.path}`), ['DeploymentConfig /spec/replicas']);
    const pdb = '\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ehr-api\n  namespace: ehr\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: ehr-api\n';
    assert.equal(run('HK-CP-007', dc(2) + pdb).controls.find((c) => c.id === 'HK-CP-007')?.status, 'pass');
    const single = run('HK-CP-008', dc(1));
    assert.ok(single.findings.some((f) => f.resource?.kind === 'DeploymentConfig' && /runs 1 replica/.test(f.message)), JSON.stringify(single.findings.map((f) => f.message)));
  });});
