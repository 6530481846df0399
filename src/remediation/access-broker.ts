import yaml from 'js-yaml';
import type { AccessPolicy } from '../access/policy.js';
import { DEFAULT_BREAK_GLASS_CLUSTER_ROLE } from '../access/policy.js';

/** What may be granted in one namespace: the Roles and ClusterRoles the broker needs `bind` on there. */
export interface GrantNamespace {
  readonly namespace: string;
  readonly roles: readonly string[];
  readonly clusterRoles: readonly string[];
}

export interface AccessBrokerOptions {
  /** Where the broker runs. */
  readonly namespace: string;
  /** The phiguard image, pinned by digest. */
  readonly image: string;
  readonly mode: 'cronjob' | 'deployment';
  /** Cron schedule of `access reconcile` (cronjob mode). */
  readonly schedule: string;
  /** The Secret and key holding the trail store's postgres:// URL. */
  readonly storeSecret: string;
  readonly storeSecretKey: string;
  /** TCP port of the PostgreSQL store, for the NetworkPolicy. */
  readonly storePort: number;
  readonly grants: readonly GrantNamespace[];
}

export const BROKER_NAME = 'phiguard-access-broker';
/** The env var the store URL is read into; the container args expand it, so the URL is never in the manifest. */
export const STORE_ENV = 'PHIGUARD_ACCESS_STORE';
const LABELS = { 'app.kubernetes.io/name': BROKER_NAME, 'app.kubernetes.io/part-of': 'phiguard' };
const RBAC = 'rbac.authorization.k8s.io';

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * The namespaces the policy lets people be granted access in, each with the roles that may be bound there. A rule
 * for "*" names no namespace, so those need --grant-namespace; `only` (from --grant-namespace) replaces the policy's list.
 */
export function grantNamespacesOf(policy: AccessPolicy, only: readonly string[]): GrantNamespace[] {
  const listed = (nss: readonly string[] | undefined, ns: string): boolean => nss === undefined || nss.includes('*') || nss.includes(ns);
  const bg = policy.breakGlass;
  const named = only.length > 0 ? only : [
    ...(policy.rules ?? []).flatMap((r) => r.namespaces.filter((n) => n !== '*')),
    ...(bg?.namespaces ?? []).filter((n) => n !== '*'),
  ];
  return sorted(named).map((ns) => {
    const rules = (policy.rules ?? []).filter((r) => listed(r.namespaces, ns));
    const glass = bg !== undefined && listed(bg.namespaces, ns);
    return {
      namespace: ns,
      roles: sorted([...rules.flatMap((r) => r.roles ?? []), ...(glass ? bg.roles ?? [] : [])]),
      clusterRoles: sorted([...rules.flatMap((r) => r.clusterRoles ?? []),
        ...(glass ? [...(bg.clusterRoles ?? []), bg.clusterRole ?? DEFAULT_BREAK_GLASS_CLUSTER_ROLE] : [])]),
    };
  });
}

/** The command line the broker runs: `phiguard access reconcile` with the store from the env var (Kubernetes expands $(VAR)). */
export function brokerArgs(mode: AccessBrokerOptions['mode']): string[] {
  return ['access', 'reconcile', '--store', `$(${STORE_ENV})`, ...(mode === 'deployment' ? ['--watch', '--interval', '30s'] : [])];
}

/** Role in one grant namespace: manage RoleBindings, and `bind` exactly the requestable roles (so no `escalate`). */
function grantRules(g: GrantNamespace): Record<string, unknown>[] {
  return [
    { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
    ...(g.roles.length > 0 ? [{ apiGroups: [RBAC], resources: ['roles'], verbs: ['bind'], resourceNames: [...g.roles] }] : []),
    ...(g.clusterRoles.length > 0 ? [{ apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: [...g.clusterRoles] }] : []),
  ];
}

/** The manifests that run the access broker's reconcile in NS, as a CronJob or a watching Deployment. Pure. */
export function accessBrokerManifests(o: AccessBrokerOptions): string {
  const ns = o.namespace;
  const meta = (name: string, namespace: string | null = ns): Record<string, unknown> => ({ name, ...(namespace !== null ? { namespace } : {}), labels: LABELS });
  const subject = { kind: 'ServiceAccount', name: BROKER_NAME, namespace: ns };
  const container = {
    name: 'reconcile', image: o.image, imagePullPolicy: 'IfNotPresent',
    args: brokerArgs(o.mode),
    env: [{ name: STORE_ENV, valueFrom: { secretKeyRef: { name: o.storeSecret, key: o.storeSecretKey } } }],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
  const podSpec = (restartPolicy: string): Record<string, unknown> => ({
    // The token is mounted because reconcile lists and deletes RoleBindings through the API, and for nothing else.
    serviceAccountName: BROKER_NAME, automountServiceAccountToken: true, restartPolicy, enableServiceLinks: false,
    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }],
  });
  const workload = o.mode === 'deployment'
    ? { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(BROKER_NAME), spec: {
      // One watcher is enough: a second would only race the first (the trail's step numbers refuse the loser).
      replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: LABELS },
      template: { metadata: { labels: LABELS }, spec: podSpec('Always') },
    } }
    : { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(BROKER_NAME), spec: {
      schedule: o.schedule, concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
      jobTemplate: { metadata: { labels: LABELS }, spec: {
        backoffLimit: 1, activeDeadlineSeconds: 240,
        template: { metadata: { labels: LABELS }, spec: podSpec('Never') },
      } },
    } };
  const docs: Record<string, unknown>[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...LABELS, 'phiguard.dev/scope': 'none',
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(BROKER_NAME), spec: { hard: { 'requests.cpu': '500m', 'requests.memory': '512Mi', 'limits.cpu': '2', 'limits.memory': '2Gi', pods: '4' } } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: meta(BROKER_NAME), spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '50m', memory: '128Mi' } }] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(BROKER_NAME), automountServiceAccountToken: false },
    // Reconcile finds grant bindings with one labelled list across namespaces; list on RoleBindings is all it holds cluster-wide.
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: meta(`${BROKER_NAME}-list-grants`, null),
      rules: [{ apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['list'] }] },
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: meta(`${BROKER_NAME}-list-grants`, null),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: `${BROKER_NAME}-list-grants` }, subjects: [subject] },
    ...o.grants.flatMap((g) => [
      { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: meta(BROKER_NAME, g.namespace), rules: grantRules(g) },
      { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: meta(BROKER_NAME, g.namespace),
        roleRef: { apiGroup: RBAC, kind: 'Role', name: BROKER_NAME }, subjects: [subject] },
    ]),
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(BROKER_NAME), spec: {
      podSelector: { matchLabels: LABELS }, policyTypes: ['Ingress', 'Egress'],
      // Out to the API server and the PostgreSQL store only (DNS to resolve the store's host); nothing calls in.
      egress: [
        { ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] },
        { ports: [{ protocol: 'TCP', port: o.storePort }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      ],
    } },
    workload,
  ];
  const header = `# phiguard access broker in namespace ${ns}: generated by \`phiguard generate access-broker\`; see docs/access-broker.md.\n` +
    `# The store URL comes from Secret ${o.storeSecret} key ${o.storeSecretKey} (create it first; never commit it).\n`;
  return header + docs.map((d) => '---\n' + yaml.dump(d, { noRefs: true, lineWidth: 160 })).join('');
}
