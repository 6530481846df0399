// Builders for the cluster rules' test cases. Each returns one YAML document followed by `---`, so a case is a sum.
import type { Rule } from '../../../src/core/rule.js';
import { resultOf } from '../../support/rule-tester.js';

/** A Namespace with its phiguard.dev/scope label; `extra` adds labels. */
export const ns = (name: string, scope = 'phi', extra = ''): string => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {phiguard.dev/scope: ${scope}${extra}}
---
`;

/** A PHI namespace `patients` and a non-PHI namespace `web`. */
export const PATIENTS_AND_WEB = ns('patients') + ns('web', 'none');

export const role = (name: string, rules: string, extra = ''): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}${extra}
rules:
${rules}
---
`;

export const crb = (name: string, roleName: string, subject: string, meta = ''): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}${meta}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName}}
subjects:
- ${subject}
---
`;

export const rb = (name: string, namespace: string, roleName: string, subject: string, meta = '', kind = 'ClusterRole'): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${namespace}${meta}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${roleName}}
subjects:
- ${subject}
---
`;

interface PodTemplate {
  /** Pod labels after `app`, starting with a comma. */
  readonly labels?: string;
  /** More of the pod template's metadata, after its labels. */
  readonly podMeta?: string;
  /** Lines under the pod spec, before its containers. */
  readonly podSpec?: string;
  /** The fields of container `c`. */
  readonly container: string;
}

const deployment = (namespace: string, name: string, t: PodTemplate): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}${t.labels ?? ''}}${t.podMeta ?? ''}}
    spec:${t.podSpec ?? ''}
      containers: [{name: c, ${t.container}}]
---
`;

/** A Deployment; `podSpec` adds lines under the pod spec, `labels` adds pod labels. */
export const deploy = (namespace: string, name: string, podSpec = '', labels = ''): string =>
  deployment(namespace, name, { labels, podSpec, container: 'image: "app:1"' });

/** A Deployment whose container serves a named port, for the network rules. */
export const server = (namespace: string, name: string, labels = '', image = 'app:1', port = 8080): string =>
  deployment(namespace, name, { labels, container: `image: "${image}", ports: [{name: main, containerPort: ${port}}]` });

/** A Deployment serving `port`, for the exposure rules; `podMeta` adds to the pod template's metadata. */
export const app = (namespace: string, name: string, port = 8080, podMeta = ''): string =>
  deployment(namespace, name, { podMeta, container: `image: "app:1", ports: [{containerPort: ${port}}]` });

export const np = (namespace: string, name: string, spec: string): string => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}
---
`;

export const DENY_ALL = (namespace: string): string => np(namespace, 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress, Egress]');

export const svc = (namespace: string, name: string, type: string, port: number, extra = '', meta = ''): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}${meta}}
spec:
  type: ${type}
  selector: {app: ${name}}
  ports: [{name: main, port: ${port}, targetPort: ${port}}]${extra}
---
`;

export const ingress = (namespace: string, name: string, backend: string, port: number, tls: boolean, annotations = ''): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations: {${annotations}}
spec:
${tls ? '  tls: [{hosts: [api.example.com], secretName: api-tls}]\n' : ''}  rules:
  - host: api.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ${backend}, port: {number: ${port}}}}}
---
`;

export const route = (namespace: string, name: string, backend: string, tls = ''): string => `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  host: api.example.com
  to: {kind: Service, name: ${backend}}
  port: {targetPort: main}${tls}
---
`;

/** A Gateway with one plain-HTTP listener and an HTTPRoute from it to Service api:8080. */
export const HTTP_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
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
`;

/** Mesh-wide STRICT mTLS in Istio's root namespace. */
export const STRICT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
`;

export const sc = (name: string, provisioner: string, extra = ''): string => `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: ${name}}
provisioner: ${provisioner}${extra}
---
`;

export const pvc = (namespace: string, name: string, storageClass: string): string => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, namespace: ${namespace}}
spec: {storageClassName: ${storageClass}, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
`;

export const schedule = (name: string, template: string): string => `apiVersion: velero.io/v1
kind: Schedule
metadata: {name: ${name}, namespace: velero}
spec:
  schedule: "0 2 * * *"
  template: ${template}
---
`;

export const bsl = (name: string, spec: string): string => `apiVersion: velero.io/v1
kind: BackupStorageLocation
metadata: {name: ${name}, namespace: velero}
spec: ${spec}
---
`;

/** Metadata of a documented, time-bound break-glass binding. */
export const BG_META = `\n  labels: {phiguard.dev/break-glass: "true"}\n  annotations: {phiguard.dev/owner: sec-team, phiguard.dev/procedure: "https://wiki/bg", phiguard.dev/expires: "2027-01-01T00:00:00Z"}`;

/** The PHI namespace `ehr` (labelled the phiguard.dev/phi way). */
export const EHR_NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ehr\n  labels:\n    phiguard.dev/phi: "true"\n---\n';

const WEB_POD = `apiVersion: v1
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

/** Namespace ehr with one pod `web`, no policy and no Service. */
export const EHR_POD = EHR_NS + WEB_POD;

/** Pod `web` and its Service (port http 80 → 8080) in namespace ehr. */
export const EHR_APP = `${WEB_POD}---
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

/** An OpenShift Route to Service web in namespace ehr; `tls` adds lines under its spec. */
export const ehrRoute = (tls: string): string => `apiVersion: route.openshift.io/v1
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

/** A CiliumNetworkPolicy in ehr selecting `selector` with one allow-all `direction` rule. */
export const cilium = (selector: string, direction: string): string => `---
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

/** The status of `rule`'s control over the YAML, and how many findings it raised. */
export function statusOf(rule: Rule, yaml: string): { status: string | undefined; findings: number } {
  const result = resultOf(rule, yaml);
  return { status: result.controls.find((c) => c.id === rule.meta.id)?.status, findings: result.findings.length };
}
