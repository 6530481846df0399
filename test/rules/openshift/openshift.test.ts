import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../../src/rules/index.js';
import { evaluateTexts } from '../../../src/scan/evaluate-texts.js';
import { TEST_CONFIG } from '../../support/rule-tester.js';
import { buildExposureModel } from '../../../src/analysis/exposure/model.js';
import { buildMeshModel } from '../../../src/analysis/exposure/mesh.js';
import { buildNetworkModel } from '../../../src/analysis/network/model.js';
import { inventoryOf } from '../../analysis/model-input.js';

const PHI_NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ehr\n  labels:\n    phiguard.dev/phi: "true"\n---\n';
const APP = `apiVersion: v1
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
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ehr
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
`;

function run(id: string, yaml: string): ReturnType<typeof evaluateTexts> {
  const rule = RULES.find((r) => r.meta.id === id);
  assert.ok(rule);
  const result = evaluateTexts([{ file: 'in.yaml', text: yaml }], [rule], TEST_CONFIG, { only: [id] });
  assert.deepEqual(result.errors, []);
  return result;
}
const route = (tls: string): string => `apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
  namespace: ehr
spec:
  host: ehr.example.org
  to:
    kind: Service
    name: web
  port:
    targetPort: http${tls}
`;

/** A DeploymentConfig in the PHI namespace; `container` adds lines under its one container. */
const deploymentConfig = (replicas: number, container = ''): string => `${PHI_NS}apiVersion: apps.openshift.io/v1
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
  });

  it('HK-TX-001 fails a Route to PHI without spec.tls and passes one with edge termination', () => {
    const plain = run('HK-TX-001', PHI_NS + APP + route(''));
    assert.equal(plain.findings.length, 1);
    assert.match(plain.findings[0]?.message ?? '', /Route "web" serves host ehr\.example\.org without TLS/);
    const edge = run('HK-TX-001', PHI_NS + APP + route('\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Redirect'));
    assert.equal(edge.controls.find((c) => c.id === 'HK-TX-001')?.status, 'pass');
  });

  it('HK-TX-002 fails a TLS Route that also serves plain HTTP (insecureEdgeTerminationPolicy: Allow)', () => {
    const allow = run('HK-TX-002', PHI_NS + APP + route('\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Allow'));
    assert.equal(allow.findings.length, 1);
    assert.equal(allow.findings[0]?.path, '/spec/tls/insecureEdgeTerminationPolicy');
    const redirect = run('HK-TX-002', PHI_NS + APP + route('\n  tls:\n    termination: reencrypt\n    insecureEdgeTerminationPolicy: Redirect'));
    assert.equal(redirect.findings.length, 0);
    assert.equal(redirect.controls.find((c) => c.id === 'HK-TX-002')?.status, 'pass');
  });

  it('exposes every Service of a Route\'s alternateBackends, and HK-TX-001 reports the Route once', () => {
    const canary = APP.replace(/\bweb\b/g, 'web-canary');
    const split = route('').replace('  port:', '  alternateBackends:\n  - kind: Service\n    name: web-canary\n    weight: 10\n  port:');
    const inv = inventoryOf(PHI_NS + APP + canary + split);
    const network = buildNetworkModel(inv);
    const exposure = buildExposureModel(inv, network, buildMeshModel(inv));
    assert.deepEqual(exposure.routes.filter((r) => r.kind === 'Route').map((r) => `${r.path} ${r.service?.name ?? '-'} ${r.service?.pods.map((p) => p.name).join(',') ?? ''}`),
      ['/spec/to web web', '/spec/alternateBackends/0 web-canary web-canary']);
    assert.equal(run('HK-TX-001', PHI_NS + APP + canary + split).findings.length, 1);
  });
});
