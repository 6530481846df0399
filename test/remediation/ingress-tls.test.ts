import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { ingressTls } from '../../src/remediation/ingress-tls.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { runCli } from '../support/cli.js';

const TLS_CONTROLS = ['HK-TX-001', 'HK-TX-002', 'HK-TX-003', 'HK-TX-004', 'HK-TX-012'];

/** A PHI app behind both an ingress-nginx Ingress and the generated Gateway. */
const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: ehr
  labels: { phiguard.dev/scope: phi }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: ehr }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
      - name: api
        image: registry.example.org/api:1.0
        ports: [{ containerPort: 8443, name: https }]
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: ehr }
spec:
  selector: { app: api }
  ports: [{ name: https, port: 443, targetPort: https, appProtocol: https }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: ehr
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
spec:
  ingressClassName: nginx
  tls: [{ hosts: [api.example.org], secretName: api-tls }]
  rules:
  - host: api.example.org
    http:
      paths: [{ path: /, pathType: Prefix, backend: { service: { name: api, port: { number: 443 } } } }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: api, namespace: ehr }
spec:
  parentRefs: [{ name: phi-edge, namespace: gateway-system, sectionName: https }]
  hostnames: [api.example.org]
  rules: [{ backendRefs: [{ name: api, port: 443 }] }]
`;

function scan(generated: string): ReturnType<typeof evaluateTexts> {
  return evaluateTexts([{ file: 'app.yaml', text: APP }, { file: 'ingress-tls.yaml', text: generated }], RULES, { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' });
}

test('generate ingress-tls scans clean for the TLS controls, which do evaluate it', async () => {
  const r = await runCli(['generate', 'ingress-tls']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, ingressTls());
  const result = scan(r.stdout);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.findings.filter((f) => TLS_CONTROLS.includes(f.control)).map((f) => `${f.control} ${f.message}`), []);
  const status = new Map(result.controls.map((c) => [c.id, c.status]));
  for (const id of ['HK-TX-001', 'HK-TX-002', 'HK-TX-003', 'HK-TX-004', 'HK-TX-012']) assert.equal(status.get(id), 'pass', `${id} must judge the generated objects`);

  // The same check catches a weakened copy, so it is not passing by not looking.
  const weak = scan(r.stdout.replace('TLSv1.2 TLSv1.3', 'TLSv1 TLSv1.1 TLSv1.2').replace('ECDHE-RSA-CHACHA20-POLY1305', 'DES-CBC3-SHA:RC4-MD5').replace("allow-snippet-annotations: 'false'", "allow-snippet-annotations: 'true'"));
  assert.deepEqual([...new Set(weak.findings.filter((f) => TLS_CONTROLS.includes(f.control)).map((f) => f.control))].sort(), ['HK-TX-003', 'HK-TX-004', 'HK-TX-012']);
  for (const needle of ['minVersion: VersionTLS12', 'kind: TLSOption', 'redirectScheme:', 'stsSeconds: 31536000', 'hsts-max-age', 'scheme: https', 'protocol: HTTPS']) assert.ok(r.stdout.includes(needle), needle);
});
