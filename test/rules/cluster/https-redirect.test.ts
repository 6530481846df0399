import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultOf, ruleTester } from '../../support/rule-tester.js';
import httpsRedirect from '../../../src/rules/cluster/https-redirect.js';
import { app, EHR_APP, EHR_NS, ehrRoute, HTTP_GATEWAY, ingress, ns, route, svc } from './fixtures.js';

ruleTester(httpsRedirect, {
  valid: [
    { name: 'defaults redirect', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true) },
    { name: 'redirect off outside PHI scope, backend not in the input', yaml: ns('w', 'none') + ingress('w', 'web', 'api', 8080, true, 'nginx.ingress.kubernetes.io/ssl-redirect: "false"') },
  ],
  invalid: [
    {
      name: 'ssl-redirect false on a PHI-namespace Ingress whose backend is not in the input',
      yaml: ns('p') + ingress('p', 'web', 'api', 8080, true, 'nginx.ingress.kubernetes.io/ssl-redirect: "false"'),
      errors: [{ messageId: 'disabled', fix: true, contains: 'nginx.ingress.kubernetes.io/ssl-redirect' }],
    },
    {
      name: 'Azure Application Gateway ssl-redirect false',
      yaml: ns('p') + ingress('p', 'web', 'api', 8080, true, 'appgw.ingress.kubernetes.io/ssl-redirect: "false"'),
      errors: [{ messageId: 'disabled', contains: 'appgw.ingress.kubernetes.io/ssl-redirect' }],
    },
    {
      name: 'GKE FrontendConfig with redirectToHttps disabled',
      yaml: ns('p') + ingress('p', 'web', 'api', 8080, true, 'networking.gke.io/v1beta1.FrontendConfig: fc') +
        'apiVersion: networking.gke.io/v1beta1\nkind: FrontendConfig\nmetadata: {name: fc, namespace: p}\nspec: {redirectToHttps: {enabled: false}}\n',
      errors: [{ messageId: 'gkeDisabled', fix: true, resource: 'fc' }],
    },
    {
      name: 'ssl-redirect false',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true, 'nginx.ingress.kubernetes.io/ssl-redirect: "false"'),
      errors: [{ messageId: 'disabled', fix: true, line: 30 }],
    },
    {
      name: 'ALB HTTP listener',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true, `alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'`),
      errors: [{ messageId: 'albNoRedirect' }],
    },
    {
      name: 'Gateway HTTP without redirect',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + HTTP_GATEWAY,
      errors: [{ messageId: 'gatewayHttp' }],
    },
    {
      name: 'OpenShift Route that allows plain HTTP',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + route('p', 'web', 'api', '\n  tls: {termination: edge, insecureEdgeTerminationPolicy: Allow}'),
      errors: [{ messageId: 'routeAllow', fix: true, path: '/spec/tls/insecureEdgeTerminationPolicy' }],
    },
  ],
});

describe('OpenShift Routes in HK-TX-002', () => {
  it('HK-TX-002 fails a TLS Route that also serves plain HTTP (insecureEdgeTerminationPolicy: Allow)', () => {
    const allow = resultOf(httpsRedirect, EHR_NS + EHR_APP + ehrRoute('\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Allow'));
    assert.equal(allow.findings.length, 1);
    assert.equal(allow.findings[0]?.path, '/spec/tls/insecureEdgeTerminationPolicy');
    const redirect = resultOf(httpsRedirect, EHR_NS + EHR_APP + ehrRoute('\n  tls:\n    termination: reencrypt\n    insecureEdgeTerminationPolicy: Redirect'));
    assert.equal(redirect.findings.length, 0);
    assert.equal(redirect.controls.find((c) => c.id === 'HK-TX-002')?.status, 'pass');
  });});
