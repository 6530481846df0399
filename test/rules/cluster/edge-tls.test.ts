import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildExposureModel } from '../../../src/analysis/exposure/model.js';
import { buildMeshModel } from '../../../src/analysis/exposure/mesh.js';
import { buildNetworkModel } from '../../../src/analysis/network/model.js';
import { inventoryOf } from '../../analysis/model-input.js';
import { resultOf, ruleTester } from '../../support/rule-tester.js';
import edgeTls from '../../../src/rules/cluster/edge-tls.js';
import { app, EHR_APP, EHR_NS, ehrRoute, HTTP_GATEWAY, ingress, ns, route, svc } from './fixtures.js';

ruleTester(edgeTls, {
  valid: [{ name: 'TLS host', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true) }],
  invalid: [
    { name: 'no tls', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, false), errors: [{ messageId: 'ingress', path: '/spec/rules/0/http/paths/0/backend', contains: 'api.example.com' }] },
    {
      name: 'Gateway HTTP listener',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + HTTP_GATEWAY,
      errors: [{ messageId: 'gateway', contains: 'listener web is HTTP' }],
    },
    { name: 'OpenShift Route without tls', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + route('p', 'web', 'api'), errors: [{ messageId: 'route', path: '/spec', contains: 'no spec.tls' }] },
  ],
});

describe('OpenShift Routes in HK-TX-001', () => {
  it('HK-TX-001 fails a Route to PHI without spec.tls and passes one with edge termination', () => {
    const plain = resultOf(edgeTls, EHR_NS + EHR_APP + ehrRoute(''));
    assert.equal(plain.findings.length, 1);
    assert.match(plain.findings[0]?.message ?? '', /Route "web" serves host ehr\.example\.org without TLS/);
    const edge = resultOf(edgeTls, EHR_NS + EHR_APP + ehrRoute('\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Redirect'));
    assert.equal(edge.controls.find((c) => c.id === 'HK-TX-001')?.status, 'pass');
  });
  it('exposes every Service of a Route\'s alternateBackends, and HK-TX-001 reports the Route once', () => {
    const canary = EHR_APP.replace(/\bweb\b/g, 'web-canary');
    const split = ehrRoute('').replace('  port:', '  alternateBackends:\n  - kind: Service\n    name: web-canary\n    weight: 10\n  port:');
    const inv = inventoryOf(EHR_NS + EHR_APP + canary + split);
    const network = buildNetworkModel(inv);
    const exposure = buildExposureModel(inv, network, buildMeshModel(inv));
    assert.deepEqual(exposure.routes.filter((r) => r.kind === 'Route').map((r) => `${r.path} ${r.service?.name ?? '-'} ${r.service?.pods.map((p) => p.name).join(',') ?? ''}`),
      ['/spec/to web web', '/spec/alternateBackends/0 web-canary web-canary']);
    assert.equal(resultOf(edgeTls, EHR_NS + EHR_APP + canary + split).findings.length, 1);
  });});
