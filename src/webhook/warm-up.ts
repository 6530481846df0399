import type { JsonObject } from '../core/resource.js';
import type { DecisionInput } from './decision.js';

/**
 * Objects of the kinds admission sees most, with the usual mix of sound and weak settings. Deciding on them before the
 * server listens lets V8 optimize the rules first: without it a new replica answers its first few thousand reviews
 * at about twice the steady-state p99 (see the webhook benchmark), exactly when a rollout sends them.
 */
function samples(): { readonly operation: string; readonly object: JsonObject; readonly oldObject?: JsonObject }[] {
  const container = (name: string, hardened: boolean): JsonObject => ({
    name, image: hardened ? `registry.example.com/${name}@sha256:${'0'.repeat(64)}` : `docker.io/library/${name}:latest`,
    ports: [{ containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    ...(hardened
      ? { securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } }, readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }
      : { securityContext: { privileged: true } }),
  });
  const podSpec = (hardened: boolean): JsonObject => ({
    serviceAccountName: 'app', ...(hardened ? { automountServiceAccountToken: false } : { hostNetwork: true }),
    containers: [container('app', hardened)], ...(hardened ? {} : { volumes: [{ name: 'host', hostPath: { path: '/var/run' } }] }),
  });
  const meta = (name: string): JsonObject => ({ name, namespace: 'warm-up', labels: { app: name } });
  const template = (hardened: boolean): JsonObject => ({ metadata: { labels: { app: 'app' } }, spec: podSpec(hardened) });
  const deployment = (hardened: boolean): JsonObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('app'),
    spec: { replicas: 2, selector: { matchLabels: { app: 'app' } }, template: template(hardened) } });
  const rules = [{ apiGroups: [''], resources: ['secrets', 'pods/exec'], verbs: ['get', 'create'] }];
  return [
    { operation: 'CREATE', object: deployment(true) },
    { operation: 'CREATE', object: deployment(false) },
    { operation: 'UPDATE', object: deployment(true), oldObject: deployment(false) },
    { operation: 'CREATE', object: { apiVersion: 'v1', kind: 'Pod', metadata: meta('pod'), spec: podSpec(false) } },
    { operation: 'CREATE', object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db'), spec: { serviceName: 'db', selector: { matchLabels: { app: 'app' } }, template: template(true) } } },
    { operation: 'CREATE', object: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent'), spec: { selector: { matchLabels: { app: 'app' } }, template: template(false) } } },
    { operation: 'CREATE', object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('backup'),
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...template(true), spec: { ...podSpec(true), restartPolicy: 'Never' } } } } } } },
    { operation: 'CREATE', object: { apiVersion: 'v1', kind: 'Service', metadata: meta('edge'), spec: { type: 'LoadBalancer', selector: { app: 'app' }, ports: [{ port: 80 }] } } },
    { operation: 'CREATE', object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('reader'), rules } },
    { operation: 'CREATE', object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'everyone' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }] } },
  ];
}

/**
 * Runs `decide` over the samples, round after round, until `decisions` have been made or `budgetMs` has passed.
 * Returns how many were made. A sample the rules fail on is skipped, as a request would be answered.
 */
export function warmUp(decide: (input: Omit<DecisionInput, 'config' | 'policy'>) => unknown, decisions: number, budgetMs: number): number {
  // Parsed from text each time, as each review arrives: the objects get the shapes JSON.parse gives requests.
  const list = samples().map((s) => ({ operation: s.operation, object: JSON.stringify(s.object), ...(s.oldObject ? { oldObject: JSON.stringify(s.oldObject) } : {}) }));
  const end = performance.now() + budgetMs;
  let made = 0;
  while (made < decisions && performance.now() < end) {
    for (const s of list) {
      try {
        decide({ operation: s.operation, object: JSON.parse(s.object) as JsonObject, namespace: 'warm-up', ...(s.oldObject ? { oldObject: JSON.parse(s.oldObject) as JsonObject } : {}) });
      } catch {
        // The request path answers such an object with a denial; warming only needs the code run.
      }
      made++;
    }
  }
  return made;
}
