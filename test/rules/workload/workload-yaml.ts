/** Every kind that carries a pod template, with its apiVersion. */
export const POD_KINDS: readonly (readonly [string, string])[] = [
  ['Pod', 'v1'], ['Deployment', 'apps/v1'], ['StatefulSet', 'apps/v1'], ['DaemonSet', 'apps/v1'], ['ReplicaSet', 'apps/v1'],
  ['ReplicationController', 'v1'], ['Job', 'batch/v1'], ['CronJob', 'batch/v1'], ['PodTemplate', 'v1'],
];

export interface WorkloadOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly replicas?: number;
  /** Extra pod-template labels, YAML lines like "tier: db". */
  readonly labels?: readonly string[];
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text.trim().split('\n').map((l) => (l.trim() === '' ? '' : pad + l)).join('\n');
}

/** A manifest of `kind` whose pod spec is `podSpec` (YAML at column 0). */
export function workload(kind: string, podSpec: string, o: WorkloadOptions = {}): string {
  const apiVersion = POD_KINDS.find(([k]) => k === kind)?.[1] ?? 'v1';
  const name = o.name ?? kind.toLowerCase();
  const meta = `metadata:\n  name: ${name}${o.namespace ? `\n  namespace: ${o.namespace}` : ''}`;
  const labels = [`app: ${name}`, ...(o.labels ?? [])];
  const templateMeta = (n: number): string => indent(`metadata:\n  labels:\n${labels.map((l) => '    ' + l).join('\n')}`, n);
  const head = `apiVersion: ${apiVersion}\nkind: ${kind}\n${meta}\n`;
  switch (kind) {
    case 'Pod':
      return `${head}  labels:\n${labels.map((l) => '    ' + l).join('\n')}\nspec:\n${indent(podSpec, 2)}\n`;
    case 'PodTemplate':
      return `${head}template:\n${templateMeta(2)}\n  spec:\n${indent(podSpec, 4)}\n`;
    case 'Job':
      return `${head}spec:\n  template:\n${templateMeta(4)}\n    spec:\n${indent(podSpec, 6)}\n`;
    case 'CronJob':
      return `${head}spec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${templateMeta(8)}\n        spec:\n${indent(podSpec, 10)}\n`;
    default: {
      const replicas = o.replicas !== undefined && kind !== 'DaemonSet' ? `  replicas: ${o.replicas}\n` : '';
      const service = kind === 'StatefulSet' ? `  serviceName: ${name}\n` : '';
      const selector = kind === 'ReplicationController' ? `  selector:\n    app: ${name}\n` : `  selector:\n    matchLabels:\n      app: ${name}\n`;
      return `${head}spec:\n${replicas}${service}${selector}  template:\n${templateMeta(4)}\n    spec:\n${indent(podSpec, 6)}\n`;
    }
  }
}

/** Joins manifests into one multi-document YAML text. */
export function docs(...manifests: string[]): string {
  return manifests.map((m) => m.trimEnd()).join('\n---\n') + '\n';
}

/** A Namespace in PHI scope (or another scope) by the canonical label. */
export function namespace(name: string, scope: 'phi' | 'phi-adjacent' | 'none' = 'phi'): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    phiguard.dev/scope: ${scope}\n`;
}

/** A container list item (at column 0 of a pod spec's `containers:`) with one more field, e.g. its resources. */
export const container = (field: string, name = 'app'): string => `  - name: ${name}\n    image: app:1.0\n    ${field}`;

/** A LimitRange in `ns` with one Container item (YAML lines at column 6). */
export const limitRange = (ns: string, item: string): string => `apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: ${ns}\nspec:\n  limits:\n    - type: Container\n${item}\n`;

/** A pinned digest and a one-container pod spec running `img`. */
export const DIGEST = 'sha256:' + 'a'.repeat(64);
export const image = (img: string): string => `containers:\n  - name: app\n    image: "${img}"`;

/** The smallest pod spec: one container running app:1.0. */
export const APP_CONTAINER = 'containers:\n  - name: app\n    image: app:1.0';

/** A ServiceAccount in `ns`, with automountServiceAccountToken when given. */
export const serviceAccount = (name: string, ns: string, automount?: boolean): string =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${automount === undefined ? '' : `automountServiceAccountToken: ${automount}\n`}`;

/** A binding "b" of ClusterRole view to `subjects` (YAML list lines at column 2). */
export const viewBinding = (kind: 'RoleBinding' | 'ClusterRoleBinding', subjects: string, ns = 'records'): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n${kind === 'RoleBinding' ? `  namespace: ${ns}\n` : ''}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n${subjects}\n`;

/** Workload "api" (tier app) in PHI namespace records, with `replicas` when given and `extra` pod-spec lines first. */
export const deploy = (replicas?: number, kind = 'Deployment', extra = ''): string =>
  workload(kind, `${extra}${APP_CONTAINER}`, { namespace: 'records', name: 'api', labels: ['tier: app'], ...(replicas !== undefined ? { replicas } : {}) });
/** A HorizontalPodAutoscaler api-hpa in records scaling Deployment `target`. */
export const hpa = (min: number | undefined, max: number, target = 'api'): string =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api-hpa\n  namespace: records\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n${min !== undefined ? `  minReplicas: ${min}\n` : ''}  maxReplicas: ${max}\n`;
