import type { JsonObject } from '../../src/core/resource.js';

const container = (name: string): JsonObject => ({
  name, image: 'registry.example.com/app@sha256:' + 'a'.repeat(64),
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
  livenessProbe: { httpGet: { path: '/healthz', port: 8080 } }, readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
});

export const hardenedPodSpec = (): JsonObject => ({
  serviceAccountName: 'app', automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'api' } } }],
  containers: [container('app')],
});

export const privilegedPodSpec = (): JsonObject => {
  const spec = hardenedPodSpec();
  const c = (spec['containers'] as JsonObject[])[0] as JsonObject;
  c['securityContext'] = { ...(c['securityContext'] as JsonObject), privileged: true, allowPrivilegeEscalation: true };
  return spec;
};

export const deployment = (ns: string, spec: JsonObject, labels: Record<string, string> = { app: 'api' }): JsonObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: ns, labels },
  spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec } },
});

export const pod = (ns: string, spec: JsonObject): JsonObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: ns, labels: { app: 'api' } }, spec });

export const job = (ns: string, spec: JsonObject): JsonObject => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: ns }, spec: { template: { metadata: { labels: { app: 'api' } }, spec: { ...spec, restartPolicy: 'Never' } } },
});

export const cronJob = (ns: string, spec: JsonObject): JsonObject => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: ns },
  spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'api' } }, spec: { ...spec, restartPolicy: 'Never' } } } } },
});

export const adminBinding = (): JsonObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'everyone-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }],
});

const GVK: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
};

export function review(object: JsonObject, opts: { operation?: string; oldObject?: JsonObject; dryRun?: boolean; uid?: string } = {}): JsonObject {
  const kind = String(object['kind']);
  const g = GVK[kind] ?? { group: '', version: 'v1', resource: kind.toLowerCase() + 's' };
  const meta = object['metadata'] as JsonObject;
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: opts.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: g.group, version: g.version, kind }, resource: { group: g.group, version: g.version, resource: g.resource },
      ...(typeof meta['namespace'] === 'string' ? { namespace: meta['namespace'] } : {}),
      name: meta['name'] ?? '', operation: opts.operation ?? 'CREATE',
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      object, ...(opts.oldObject ? { oldObject: opts.oldObject } : {}), dryRun: opts.dryRun ?? false,
    },
  };
}
