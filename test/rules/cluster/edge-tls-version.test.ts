import { ruleTester } from '../../support/rule-tester.js';
import edgeTlsVersion from '../../../src/rules/cluster/edge-tls-version.js';
import { ingress } from './fixtures.js';

ruleTester(edgeTlsVersion, {
  valid: [
    { name: 'nginx TLS 1.2+', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\ndata: {ssl-protocols: "TLSv1.2 TLSv1.3"}\n' },
    { name: 'modern ALB policy', yaml: ingress('p', 'w', 'api', 80, true, 'alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06') },
  ],
  invalid: [
    { name: 'nginx TLSv1', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\ndata: {ssl-protocols: "TLSv1 TLSv1.2"}\n', errors: [{ messageId: 'nginxProtocols', fix: true, line: 4 }] },
    { name: 'old ALB policy', yaml: ingress('p', 'w', 'api', 80, true, 'alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-2016-08'), errors: [{ messageId: 'albPolicy' }] },
    { name: 'Istio gateway', yaml: 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g, namespace: p}\nspec:\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    tls: {mode: SIMPLE, minProtocolVersion: TLSV1_1}\n', errors: [{ messageId: 'istioMin', fix: true }] },
  ],
});
