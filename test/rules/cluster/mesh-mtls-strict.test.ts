import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partsOf } from '../../../src/core/finding.js';
import { findingsOf, ruleTester } from '../../support/rule-tester.js';
import meshMtlsStrict from '../../../src/rules/cluster/mesh-mtls-strict.js';
import { ns, app, STRICT } from './fixtures.js';

ruleTester(meshMtlsStrict, {
  valid: [
    { name: 'istio strict at root', yaml: ns('p', 'phi', ', istio-injection: enabled') + app('p', 'api') + STRICT },
    { name: 'linkerd authenticated', yaml: ns('p') + app('p', 'api', 8080, ', annotations: {linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: all-authenticated}') },
  ],
  invalid: [
    { name: 'no mesh', yaml: ns('p') + app('p', 'api'), errors: [{ messageId: 'noMesh', severity: 'medium' }] },
    {
      name: 'namespace PERMISSIVE overrides mesh STRICT',
      yaml: ns('p', 'phi', ', istio-injection: enabled') + app('p', 'api') + STRICT + 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p, namespace: p}\nspec: {mtls: {mode: PERMISSIVE}}\n---\n' +
        'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: api, namespace: p}\nspec: {host: api.p.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}\n',
      errors: [{ messageId: 'weakPolicy', contains: 'mode PERMISSIVE', resource: 'p', related: ['notStrict'] }, { messageId: 'tlsDisabled', fix: true }],
    },
    {
      name: 'a PERMISSIVE or DISABLE PeerAuthentication in a PHI namespace is a finding with no workload in the input',
      yaml: ns('p') + 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: open, namespace: p}\nspec: {mtls: {mode: PERMISSIVE}}\n---\n' +
        'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: off, namespace: p}\nspec: {selector: {matchLabels: {app: db}}, mtls: {mode: DISABLE}}\n',
      errors: [{ messageId: 'weakPolicy', resource: 'open', severity: 'high', contains: 'PHI namespace p' }, { messageId: 'weakPolicy', resource: 'off', contains: 'mode DISABLE' }],
    },
    { name: 'enrolled in Istio with no PeerAuthentication (PERMISSIVE by default)', yaml: ns('p', 'phi', ', istio-injection: enabled') + app('p', 'api'),
      errors: [{ messageId: 'notStrict', contains: 'PERMISSIVE by default', resource: 'api' }] },
    { name: 'a phi-adjacent workload is called phi-adjacent, not PHI', yaml: ns('a', 'phi-adjacent') + app('a', 'web'),
      errors: [{ messageId: 'noMesh', contains: 'phi-adjacent workload Deployment "web"' }] },
    {
      name: 'workloads without a mesh: one finding per namespace listing them',
      yaml: ns('p') + app('p', 'api') + app('p', 'web') + app('p', 'worker'),
      errors: [{ messageId: 'noMesh', severity: 'medium', related: ['noMesh', 'noMesh'] }],
    },
  ],
});

describe('HK-TX-008 grouping', () => {
  it('lists the other workloads of the namespace as related, and the policy\'s workloads with the policy', () => {
    const [f] = findingsOf(meshMtlsStrict, ns('p') + app('p', 'api') + app('p', 'web') + app('p', 'worker'));
    assert.ok(f);
    assert.deepEqual(partsOf(f).map((r) => r.resource?.name).sort(), ['api', 'web', 'worker']);
    const withPolicy = findingsOf(meshMtlsStrict, ns('p', 'phi', ', istio-injection: enabled') + app('p', 'api') + app('p', 'web') +
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: open, namespace: p}\nspec: {mtls: {mode: PERMISSIVE}}\n');
    assert.equal(withPolicy.length, 1);
    assert.equal(withPolicy[0]?.message.includes('PeerAuthentication "open"'), true);
    assert.deepEqual(withPolicy[0]?.related?.map((r) => r.message.match(/"(\w+)" accepts/)?.[1]).sort(), ['api', 'web']);
  });
});
