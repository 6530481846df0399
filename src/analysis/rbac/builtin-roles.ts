import type { RbacRule } from './rule-match.js';

/** A bootstrap ClusterRole as the API server creates it; used only when the input does not define one of that name. */
export interface BuiltinRole {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly RbacRule[];
  /** matchLabels of the aggregationRule's clusterRoleSelectors, when the role is aggregated. */
  readonly aggregateFrom?: readonly Readonly<Record<string, string>>[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const AGG = 'rbac.authorization.k8s.io/aggregate-to-';

function r(apiGroups: string[], resources: string[], verbs: string[]): RbacRule {
  return { apiGroups, resources, verbs, resourceNames: [], nonResourceURLs: [] };
}

// Condensed from kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (v1.30): the grants that matter for risk.
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    name: 'cluster-admin',
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    rules: [r(['*'], ['*'], ['*']), { apiGroups: [], resources: [], verbs: ['*'], resourceNames: [], nonResourceURLs: ['*'] }],
  },
  { name: 'admin', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, rules: [], aggregateFrom: [{ [AGG + 'admin']: 'true' }] },
  { name: 'edit', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', [AGG + 'admin']: 'true' }, rules: [], aggregateFrom: [{ [AGG + 'edit']: 'true' }] },
  { name: 'view', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', [AGG + 'edit']: 'true' }, rules: [], aggregateFrom: [{ [AGG + 'view']: 'true' }] },
  {
    name: 'system:aggregate-to-admin',
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', [AGG + 'admin']: 'true' },
    rules: [
      r(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
      r(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], [...WRITE, ...READ]),
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', [AGG + 'edit']: 'true' },
    rules: [
      r([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
      r([''], ['serviceaccounts'], ['impersonate']),
      r([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
      r([''], ['pods/eviction'], ['create']),
      r([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale',
        'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
      r([''], ['serviceaccounts/token'], ['create']),
      r(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale',
        'statefulsets', 'statefulsets/scale'], WRITE),
      r(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
      r(['batch'], ['cronjobs', 'jobs'], WRITE),
      r(['extensions'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies',
        'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
      r(['policy'], ['poddisruptionbudgets'], WRITE),
      r(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
      r(['coordination.k8s.io'], ['leases'], WRITE),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', [AGG + 'view']: 'true' },
    rules: [
      r([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers',
        'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
      r([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status',
        'resourcequotas', 'resourcequotas/status'], READ),
      r([''], ['namespaces'], READ),
      r(['discovery.k8s.io'], ['endpointslices'], READ),
      r(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
        'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
      r(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
      r(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
      r(['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses',
        'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
      r(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
      r(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
    ],
  },
];

/** Role names Kubernetes (or a managed provider) creates itself; never reported as a definition on their own. */
export function isPlatformRoleName(name: string): boolean {
  return name.startsWith('system:') || name === 'cluster-admin' || name === 'admin' || name === 'edit' || name === 'view' ||
    name === 'gce:podsecuritypolicy:calico-sa';
}
