import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControlStatus } from '../../src/core/finding.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { TEST_CONFIG } from '../support/rule-tester.js';

function statusOf(id: string, yaml: string): { status: ControlStatus; reason?: string } {
  const rule = RULES.find((r) => r.meta.id === id);
  assert.ok(rule, `a rule for ${id}`);
  const result = evaluateTexts([{ file: 'in.yaml', text: yaml }], [rule], TEST_CONFIG, { only: [id] });
  const c = result.controls.find((x) => x.id === id);
  assert.ok(c);
  return { status: c.status, ...(c.reason !== undefined ? { reason: c.reason } : {}) };
}

const PHI_NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ehr\n  labels:\n    phiguard.dev/phi: "true"\n';
const apiserver = (flags: readonly string[]): string => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  labels:
    component: kube-apiserver
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.0
    command:
    - kube-apiserver
${flags.map((f) => `    - ${f}`).join('\n')}
`;

describe('controls pass only when they judged something', () => {
  it('HK-NW-008 is not-evaluated when an HTTPRoute names a Gateway the input lacks', () => {
    const yaml = `${PHI_NS}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: ehr
spec:
  parentRefs:
  - name: public-gw
    namespace: infra
  rules:
  - backendRefs:
    - name: web
      port: 80
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
  - port: 80
`;
    const s = statusOf('HK-NW-008', yaml);
    assert.equal(s.status, 'not-evaluated');
    assert.match(s.reason ?? '', /infra\/public-gw/);
  });

  it('HK-AU-002 is not-applicable, not pass, when the API server writes no audit log file', () => {
    assert.equal(statusOf('HK-AU-002', apiserver(['--authorization-mode=Node,RBAC'])).status, 'not-applicable');
    // With a log file and good rotation it does pass: the status tracks the input, not a constant.
    assert.equal(statusOf('HK-AU-002', apiserver(['--audit-log-path=/var/log/audit.log', '--audit-log-maxage=30', '--audit-log-maxbackup=10', '--audit-log-maxsize=100'])).status, 'pass');
  });

  it('HK-CP-007 is not-applicable, not pass, for a Deployment whose template has no containers', () => {
    const deploy = (containers: string): string => `${PHI_NS}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ehr
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: api
    spec:${containers}
`;
    assert.equal(statusOf('HK-CP-007', deploy(' {}')).status, 'not-applicable');
    assert.equal(statusOf('HK-CP-007', deploy('\n      containers:\n      - name: a\n        image: a:1')).status, 'pass');
  });

  it('HK-NW-008 is not-evaluated when an Ingress routes into PHI scope to a Service the input lacks', () => {
    const ingress = (service: string): string => `${PHI_NS}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: ehr
spec:
  rules:
  - host: ehr.example.org
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${service}
            port:
              number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: internal
  namespace: ehr
spec:
  ports:
  - port: 80
`;
    const s = statusOf('HK-NW-008', ingress('web'));
    assert.equal(s.status, 'not-evaluated');
    assert.match(s.reason ?? '', /Service "ehr\/web", which is not in the input/);
    assert.equal(statusOf('HK-NW-008', ingress('internal')).status, 'fail', 'with the Service in the input, the route is judged');
  });

  it('HK-CP-008 judges only PHI workloads, and HPAs whose target is missing', () => {
    const deploy = (containers: string, replicas = 2): string => `${PHI_NS}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ehr
spec:
  replicas: ${replicas}
  template:
    metadata:
      labels:
        app: api
    spec:${containers}
`;
    assert.equal(statusOf('HK-CP-008', deploy('\n      containers:\n      - name: a\n        image: a:1').replace('namespace: ehr\nspec:', 'namespace: web\nspec:')).status, 'not-applicable', 'outside PHI scope');
    const hpa = `${PHI_NS}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n  namespace: ehr\nspec:\n  scaleTargetRef:\n    kind: Rollout\n    name: api\n  minReplicas: 1\n  maxReplicas: 3\n`;
    assert.equal(statusOf('HK-CP-008', hpa).status, 'not-applicable', 'a target kind it does not judge');
    assert.equal(statusOf('HK-CP-008', deploy('\n      containers:\n      - name: a\n        image: a:1', 1)).status, 'fail');
  });

  it('HK-TX-012 is not-applicable for an application ConfigMap, and judges an ingress-nginx one', () => {
    const cm = (name: string, data: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  ${data}\n`;
    assert.equal(statusOf('HK-TX-012', cm('app-settings', 'LOG_LEVEL: info')).status, 'not-applicable');
    assert.equal(statusOf('HK-TX-012', cm('ingress-nginx-controller', 'allow-snippet-annotations: "false"')).status, 'pass');
    assert.equal(statusOf('HK-TX-012', cm('ingress-nginx-controller', 'allow-snippet-annotations: "true"')).status, 'fail');
  });

  it('HK-LO-005 is not-applicable for a kubeconfig without users; HK-EN-010 and HK-CP-004 for a BackupStorageLocation that is not Velero\'s', () => {
    assert.equal(statusOf('HK-LO-005', 'apiVersion: v1\nkind: Config\nclusters: []\n').status, 'not-applicable');
    const bsl = 'apiVersion: example.com/v1\nkind: BackupStorageLocation\nmetadata:\n  name: b\n  namespace: backup\nspec: {}\n';
    assert.equal(statusOf('HK-EN-010', bsl).status, 'not-applicable');
    assert.equal(statusOf('HK-CP-004', bsl).status, 'not-applicable');
  });
});

