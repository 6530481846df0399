import yaml from 'js-yaml';

export interface WebhookManifestOptions {
  readonly namespace: string;
  /** The phiguard image, pinned by digest. */
  readonly image: string;
  readonly replicas: number;
  /** Namespaces whose admission failures close (failurePolicy Fail): those labelled phiguard.dev/scope=phi. */
  readonly phiLabel: { readonly key: string; readonly value: string };
}

const NAME = 'phiguard-webhook';
const LABELS = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': 'phiguard' };
const RULES = [
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'namespaces', 'serviceaccounts', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims'], scope: '*' },
  { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], scope: 'Namespaced' },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'], scope: 'Namespaced' },
  { apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], scope: '*' },
];
// CEL: leases and events churn constantly and hold no workload; node identities must never wait on a webhook.
const MATCH_CONDITIONS = [
  { name: 'not-leases-or-events', expression: "!(request.resource.group == 'coordination.k8s.io' && request.resource.resource == 'leases') && !(request.resource.resource == 'events')" },
  { name: 'not-nodes', expression: "!('system:nodes' in request.userInfo.groups)" },
];

/** The manifests that run `phiguard webhook` in NS: hardened, highly available, with a cert-manager certificate. Pure. */
export function webhookManifests(o: WebhookManifestOptions): string {
  const ns = o.namespace;
  const meta = (name: string, namespaced = true): Record<string, unknown> => ({ name, ...(namespaced ? { namespace: ns } : {}), labels: LABELS });
  const service = `${NAME}.${ns}.svc`;
  const exempt = { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', ns] };
  const webhook = (name: string, failurePolicy: 'Fail' | 'Ignore', scope: Record<string, unknown>): Record<string, unknown> => ({
    name, admissionReviewVersions: ['v1'], sideEffects: 'NoneOnDryRun', timeoutSeconds: 3, failurePolicy, matchPolicy: 'Equivalent',
    clientConfig: { service: { name: NAME, namespace: ns, path: '/validate', port: 443 } },
    namespaceSelector: { matchExpressions: [exempt, scope] }, matchConditions: MATCH_CONDITIONS, rules: RULES,
  });
  const podLabels = { ...LABELS };
  const docs: Record<string, unknown>[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...LABELS, 'phiguard.dev/scope': 'none',
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(NAME), spec: { hard: { 'requests.cpu': '2', 'requests.memory': '2Gi', 'limits.cpu': '4', 'limits.memory': '4Gi', pods: '10' } } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: meta(NAME), spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAME), automountServiceAccountToken: false },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(NAME, false), rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(NAME, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME }, subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }] },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta(NAME, false), value: 1_000_000, globalDefault: false,
      description: 'phiguard admission webhook: scheduled before ordinary workloads so admission keeps answering' },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(NAME),
      spec: {
        replicas: Math.max(2, o.replicas), revisionHistoryLimit: 3, selector: { matchLabels: podLabels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: podLabels },
          spec: {
            serviceAccountName: NAME, automountServiceAccountToken: false, priorityClassName: NAME, enableServiceLinks: false,
            securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: podLabels } },
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: podLabels } },
            ],
            containers: [{
              name: 'webhook', image: o.image, imagePullPolicy: 'IfNotPresent',
              args: ['webhook', '--port', '8443', '--tls-cert', '/etc/phiguard/tls/tls.crt', '--tls-key', '/etc/phiguard/tls/tls.key'],
              ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 8443, scheme: 'HTTPS' }, periodSeconds: 10 },
              readinessProbe: { httpGet: { path: '/readyz', port: 8443, scheme: 'HTTPS' }, periodSeconds: 5 },
              volumeMounts: [{ name: 'tls', mountPath: '/etc/phiguard/tls', readOnly: true }, { name: 'api-token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
            }],
            volumes: [
              { name: 'tls', secret: { secretName: `${NAME}-tls`, defaultMode: 0o440 } },
              // A short-lived projected token only for the namespace lookup, instead of the automounted one.
              { name: 'api-token', projected: { defaultMode: 0o440, sources: [
                { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
                { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              ] } },
            ],
          },
        },
      },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(NAME), spec: { minAvailable: 1, selector: { matchLabels: podLabels } } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta(NAME), spec: { type: 'ClusterIP', selector: podLabels, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(NAME), spec: {
      podSelector: { matchLabels: podLabels }, policyTypes: ['Ingress', 'Egress'],
      // The API server calls in from addresses a manifest cannot know; only the webhook port is open.
      ingress: [{ ports: [{ protocol: 'TCP', port: 8443 }] }],
      egress: [{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
    } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${NAME}-selfsigned`), spec: { selfSigned: {} } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta(`${NAME}-ca`), spec: {
      isCA: true, commonName: `${NAME}-ca`, secretName: `${NAME}-ca`, duration: '8760h', renewBefore: '720h',
      privateKey: { algorithm: 'ECDSA', size: 256 }, issuerRef: { name: `${NAME}-selfsigned`, kind: 'Issuer' } } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${NAME}-ca`), spec: { ca: { secretName: `${NAME}-ca` } } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta(NAME), spec: {
      secretName: `${NAME}-tls`, dnsNames: [service, `${service}.cluster.local`], duration: '2160h', renewBefore: '360h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' }, issuerRef: { name: `${NAME}-ca`, kind: 'Issuer' } } },
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration',
      metadata: { name: NAME, labels: LABELS, annotations: { 'cert-manager.io/inject-ca-from': `${ns}/${NAME}` } },
      webhooks: [
        webhook('phi.validate.phiguard.dev', 'Fail', { key: o.phiLabel.key, operator: 'In', values: [o.phiLabel.value] }),
        webhook('validate.phiguard.dev', 'Ignore', { key: o.phiLabel.key, operator: 'NotIn', values: [o.phiLabel.value] }),
      ],
    },
  ];
  const header = `# phiguard admission webhook in namespace ${ns}: generated by \`phiguard generate webhook\`; needs cert-manager.\n`;
  return header + docs.map((d) => '---\n' + yaml.dump(d, { noRefs: true, lineWidth: 160 })).join('');
}
