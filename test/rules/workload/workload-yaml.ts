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
