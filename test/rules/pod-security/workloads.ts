/** Builders for test manifests: one pod spec wrapped in every workload kind. */

export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text.trim().split('\n').map((l) => (l.trim() === '' ? '' : pad + l)).join('\n');
}

const API: Record<WorkloadKind, string> = {
  Pod: 'v1', PodTemplate: 'v1', ReplicationController: 'v1', Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1',
};

/** A complete manifest of `kind` named `name` whose pod spec is `spec` (YAML at column 0) and pod annotations `annotations`. */
export function workload(kind: WorkloadKind, spec: string, options: { name?: string; annotations?: Record<string, string> } = {}): string {
  const name = options.name ?? 'app';
  const ann = options.annotations
    ? 'annotations:\n' + Object.entries(options.annotations).map(([k, v]) => `  ${k}: "${v}"`).join('\n')
    : '';
  const podMeta = `labels:\n  app: ${name}` + (ann ? '\n' + ann : '');
  const head = `apiVersion: ${API[kind]}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
  switch (kind) {
    case 'Pod':
      return `${head}${ann ? indent(ann, 2) + '\n' : ''}spec:\n${indent(spec, 2)}\n`;
    case 'PodTemplate':
      return `${head}template:\n  metadata:\n${indent(podMeta, 4)}\n  spec:\n${indent(spec, 4)}\n`;
    case 'CronJob':
      return `${head}spec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n${indent(podMeta, 10)}\n        spec:\n${indent(spec, 10)}\n`;
    default:
      return `${head}spec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n${indent(podMeta, 6)}\n    spec:\n${indent(spec, 6)}\n`;
  }
}

/** The same pod spec as a manifest of every workload kind, one case per kind. */
export function everyKind(spec: string, options: { annotations?: Record<string, string> } = {}): { kind: WorkloadKind; yaml: string }[] {
  return WORKLOAD_KINDS.map((kind) => ({ kind, yaml: workload(kind, spec, { ...options, name: kind.toLowerCase() }) }));
}

/** A container that passes every pod-security control. */
export const HARDENED = `
name: app
image: registry.example.org/app:1.0
securityContext:
  runAsNonRoot: true
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
  seccompProfile:
    type: RuntimeDefault
`;

/** A pod spec whose only container is `container` (YAML at column 0). */
export function podWith(container: string, extra = ''): string {
  return `containers:\n${indent('- ' + container.trim().split('\n').join('\n  '), 0)}\n${extra}`;
}
