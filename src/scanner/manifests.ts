import yaml from 'js-yaml';
import { METADATA_ONLY, SCAN_VERBS, WANTED } from '../sources/cluster/wanted.js';

export interface ScannerManifestOptions {
  readonly namespace: string;
  /** The phiguard image, pinned by digest. */
  readonly image: string;
  /** Cron schedule of the scan (default daily at 03:17). */
  readonly schedule: string;
  /** Namespaces in PHI scope, written into the scanner's configuration. */
  readonly phiNamespaces: readonly string[];
}

const NAME = 'phiguard-scanner';
const LABELS = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': 'phiguard' };

/**
 * The scanner's ClusterRole: `list` on exactly the resources a cluster scan reads, GET on /metrics. Whole-group
 * wildcards (Gatekeeper constraints) and Secrets stay out: RBAC cannot grant Secret metadata without the values,
 * so the continuous scanner never holds them and reports Secrets as not readable instead.
 */
export function scannerRules(): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [];
  for (const [group, resources] of Object.entries(WANTED)) {
    if (resources === '*') continue;
    const allowed = resources.filter((r) => !(group === '' && METADATA_ONLY.has(r)));
    if (allowed.length > 0) rules.push({ apiGroups: [group], resources: allowed, verbs: [...SCAN_VERBS] });
  }
  rules.push({ nonResourceURLs: ['/metrics'], verbs: ['get'] });
  return rules;
}

/** The manifests that run `phiguard scan --cluster` on a schedule in NS, read-only, reports on a volume. Pure. */
export function scannerManifests(o: ScannerManifestOptions): string {
  const ns = o.namespace;
  const meta = (name: string, namespaced = true): Record<string, unknown> => ({ name, ...(namespaced ? { namespace: ns } : {}), labels: LABELS });
  const config = yaml.dump({ phiNamespaces: { names: [...o.phiNamespaces] } }, { lineWidth: 160 });
  const container = (name: string, format: string, output: string, extra: readonly string[]): Record<string, unknown> => ({
    name, image: o.image, imagePullPolicy: 'IfNotPresent',
    args: ['scan', '--cluster', '--config', '/etc/phiguard/config.yaml', '--format', format, '--output', output, ...extra],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    volumeMounts: [
      { name: 'reports', mountPath: '/reports' },
      { name: 'config', mountPath: '/etc/phiguard', readOnly: true },
      { name: 'api-token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ],
  });
  const docs: Record<string, unknown>[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...LABELS, 'phiguard.dev/scope': 'none',
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(NAME), spec: { hard: { 'requests.cpu': '1', 'requests.memory': '2Gi', 'limits.cpu': '4', 'limits.memory': '4Gi', pods: '4', 'requests.storage': '10Gi' } } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: meta(NAME), spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '256Mi' } }] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAME), automountServiceAccountToken: false },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(NAME, false), rules: scannerRules() },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(NAME, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME }, subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }] },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${NAME}-config`), data: { 'config.yaml': config } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(`${NAME}-reports`), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(NAME), spec: {
      podSelector: { matchLabels: LABELS }, policyTypes: ['Ingress', 'Egress'],
      // The scanner only calls the API server (its in-cluster address needs no DNS); nothing calls it.
      egress: [{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
    } },
    {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(NAME),
      spec: {
        schedule: o.schedule, concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: LABELS },
          spec: {
            // A failed Job means findings at or above --fail-on (or an unreadable cluster): alert on it, do not retry it.
            backoffLimit: 0, activeDeadlineSeconds: 3600,
            template: {
              metadata: { labels: LABELS },
              spec: {
                serviceAccountName: NAME, automountServiceAccountToken: false, restartPolicy: 'Never', enableServiceLinks: false,
                securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [
                  container('json-report', 'json', '/reports/phiguard-report.json', ['--save', '/reports/objects']),
                  container('policy-report', 'policyreport', '/reports/policyreports.yaml', []),
                ],
                volumes: [
                  { name: 'reports', persistentVolumeClaim: { claimName: `${NAME}-reports` } },
                  { name: 'config', configMap: { name: `${NAME}-config`, defaultMode: 0o444 } },
                  // A short-lived projected token for the API reads, instead of the automounted one.
                  { name: 'api-token', projected: { defaultMode: 0o440, sources: [
                    { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
                    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
                  ] } },
                ],
              },
            },
          },
        },
      },
    },
  ];
  const header = `# phiguard continuous scanner in namespace ${ns}: generated by \`phiguard generate scanner\`; see docs/cluster.md.\n`;
  return header + docs.map((d) => '---\n' + yaml.dump(d, { noRefs: true, lineWidth: 160 })).join('');
}
