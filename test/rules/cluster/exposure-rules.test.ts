import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partsOf } from '../../../src/core/finding.js';
import { findingsOf, ruleTester } from '../../support/rule-tester.js';
import phiExposedOutside from '../../../src/rules/cluster/phi-exposed-outside.js';
import edgeTls from '../../../src/rules/cluster/edge-tls.js';
import httpsRedirect from '../../../src/rules/cluster/https-redirect.js';
import edgeTlsVersion from '../../../src/rules/cluster/edge-tls-version.js';
import meshMtlsStrict from '../../../src/rules/cluster/mesh-mtls-strict.js';
import plaintextPortsExposed from '../../../src/rules/cluster/plaintext-ports-exposed.js';
import externalEgressPlaintext from '../../../src/rules/cluster/external-egress-plaintext.js';
import unmaintainedIngressNginx from '../../../src/rules/cluster/unmaintained-ingress-nginx.js';

const ns = (name: string, scope = 'phi', extra = ''): string => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {phiguard.dev/scope: ${scope}${extra}}
---
`;
const app = (n: string, name: string, port = 8080, ann = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${n}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}${ann}}
    spec:
      containers: [{name: c, image: "app:1", ports: [{containerPort: ${port}}]}]
---
`;
const svc = (n: string, name: string, type: string, port: number, extra = '', meta = ''): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${n}${meta}}
spec:
  type: ${type}
  selector: {app: ${name}}
  ports: [{name: main, port: ${port}, targetPort: ${port}}]${extra}
---
`;
const ingress = (n: string, name: string, backend: string, port: number, tls: boolean, ann = ''): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${n}
  annotations: {${ann}}
spec:
${tls ? '  tls: [{hosts: [api.example.com], secretName: api-tls}]\n' : ''}  rules:
  - host: api.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ${backend}, port: {number: ${port}}}}}
---
`;
const route = (n: string, name: string, backend: string, tls = ''): string => `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: ${name}, namespace: ${n}}
spec:
  host: api.example.com
  to: {kind: Service, name: ${backend}}
  port: {targetPort: main}${tls}
---
`;
const STRICT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
`;

ruleTester(phiExposedOutside, {
  valid: [
    { name: 'ClusterIP', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) },
    { name: 'LB in front of non-PHI', yaml: ns('p') + ns('web', 'none') + app('web', 'site') + svc('web', 'site', 'LoadBalancer', 443) },
  ],
  invalid: [
    { name: 'public LB', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'LoadBalancer', 443), errors: [{ messageId: 'publicLb', severity: 'high', path: '/spec/ports/0' }] },
    {
      name: 'internal LB is still listed, lower',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'LoadBalancer', 443, '', ', annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}'),
      errors: [{ messageId: 'restrictedLb', severity: 'medium', contains: 'internal load balancer' }],
    },
    { name: 'NodePort', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'NodePort', 8080), errors: [{ messageId: 'nodePort' }] },
    { name: 'externalIPs', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080, '\n  externalIPs: [203.0.113.7]'), errors: [{ messageId: 'externalIp', path: '/spec/externalIPs' }] },
    { name: 'Ingress route is listed', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true), errors: [{ messageId: 'routed', severity: 'low' }] },
  ],
});

ruleTester(edgeTls, {
  valid: [{ name: 'TLS host', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true) }],
  invalid: [
    { name: 'no tls', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, false), errors: [{ messageId: 'ingress', path: '/spec/rules/0/http/paths/0/backend', contains: 'api.example.com' }] },
    {
      name: 'Gateway HTTP listener',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: p}
spec:
  gatewayClassName: x
  listeners: [{name: web, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: p}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: api, port: 8080}]}]
`,
      errors: [{ messageId: 'gateway', contains: 'listener web is HTTP' }],
    },
    { name: 'OpenShift Route without tls', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + route('p', 'web', 'api'), errors: [{ messageId: 'route', path: '/spec', contains: 'no spec.tls' }] },
  ],
});

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
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: p}
spec:
  gatewayClassName: x
  listeners: [{name: web, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: p}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: api, port: 8080}]}]
`,
      errors: [{ messageId: 'gatewayHttp' }],
    },
    {
      name: 'OpenShift Route that allows plain HTTP',
      yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + route('p', 'web', 'api', '\n  tls: {termination: edge, insecureEdgeTerminationPolicy: Allow}'),
      errors: [{ messageId: 'routeAllow', fix: true, path: '/spec/tls/insecureEdgeTerminationPolicy' }],
    },
  ],
});

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

ruleTester(plaintextPortsExposed, {
  valid: [
    { name: 'TLS LB', yaml: ns('p') + app('p', 'api', 8443) + svc('p', 'api', 'LoadBalancer', 443) },
    { name: 'HTTP backend behind strict mesh', yaml: ns('p', 'phi', ', istio-injection: enabled') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true) + STRICT },
  ],
  invalid: [
    { name: 'public HTTP LB is critical', yaml: ns('p') + app('p', 'api', 80) + svc('p', 'api', 'LoadBalancer', 80), errors: [{ messageId: 'exposed', severity: 'critical', contains: 'the internet' }] },
    { name: 'database NodePort', yaml: ns('p') + app('p', 'db', 5432) + svc('p', 'db', 'NodePort', 5432), errors: [{ messageId: 'database', severity: 'high' }] },
    { name: 'ingress backend hop in plaintext', yaml: ns('p') + app('p', 'api') + svc('p', 'api', 'ClusterIP', 8080) + ingress('p', 'web', 'api', 8080, true), errors: [{ messageId: 'exposed', contains: 'Ingress backend hop' }] },
  ],
});

ruleTester(externalEgressPlaintext, {
  valid: [
    { name: 'https URL and in-cluster http', yaml: ns('p') + app('p', 'api').replace('ports: [{containerPort: 8080}]', 'env: [{name: A, value: "https://api.example.com"}, {name: B, value: "http://db.p.svc:8080"}]') },
    { name: 'not PHI', yaml: ns('w', 'none') + 'apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: w}\nspec: {type: ExternalName, externalName: api.example.com, ports: [{port: 80}]}\n' },
  ],
  invalid: [
    { name: 'ExternalName on 80', yaml: ns('p') + 'apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: p}\nspec: {type: ExternalName, externalName: api.example.com, ports: [{port: 80}]}\n', errors: [{ messageId: 'externalName' }] },
    { name: 'ServiceEntry HTTP', yaml: ns('p') + 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: lab, namespace: p}\nspec: {hosts: [lab.example.com], ports: [{number: 80, name: http, protocol: HTTP}]}\n', errors: [{ messageId: 'serviceEntry' }] },
    { name: 'env URL', yaml: ns('p') + app('p', 'api').replace('ports: [{containerPort: 8080}]', 'env: [{name: LAB_URL, value: "http://lab.example.com/results"}]'), errors: [{ messageId: 'envUrl', contains: 'LAB_URL' }] },
  ],
});

ruleTester(unmaintainedIngressNginx, {
  valid: [{ name: 'other controller', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c, namespace: i}\nspec:\n  template:\n    spec: {containers: [{name: c, image: "traefik:v3"}]}\n' }],
  invalid: [
    { name: 'ingress-nginx image', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c, namespace: i}\nspec:\n  template:\n    spec: {containers: [{name: controller, image: "registry.k8s.io/ingress-nginx/controller:v1.5.1@sha256:abc"}]}\n', errors: [{ messageId: 'retired' }] },
    { name: 'snippets', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: i}\ndata: {allow-snippet-annotations: "true"}\n', errors: [{ messageId: 'snippets', fix: true }] },
  ],
});
