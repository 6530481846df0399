import type { JsonObject, KubeResource } from './resource.js';
import { asObject } from './resource.js';

/** Kinds that exist outside namespaces; everything else is namespaced. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding', 'PriorityClass', 'IngressClass', 'CSIDriver', 'CSINode',
  'VolumeSnapshotClass', 'VolumeSnapshotContent', 'APIService', 'CertificateSigningRequest', 'RuntimeClass',
  'ClusterIssuer', 'GatewayClass', 'ClusterPolicy', 'ClusterImagePolicy', 'PodSecurityPolicy',
  'ClusterPolicyReport', 'ClusterSecretStore', 'FlowSchema', 'PriorityLevelConfiguration',
  'ImageValidatingPolicy', 'ClusterCleanupPolicy',
  // Control-plane and client configuration files are not API objects and have no namespace.
  'EncryptionConfiguration', 'Policy', 'KubeletConfiguration', 'AdmissionConfiguration',
  'PodSecurityConfiguration', 'AuthenticationConfiguration', 'AuthorizationConfiguration', 'Config',
  'KubeProxyConfiguration', 'ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration',
  // Synthetic resources read from node files (src/sources/node-files.ts).
  'PemCertificate', 'KubeletFlags',
  // What a cluster scan learnt about the API itself (src/core/cluster-scan.ts).
  'ClusterScan',
]);

/** Where each workload kind keeps its pod template's spec and metadata. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  // OpenShift (apps.openshift.io/v1): its pod template is judged like a Deployment's.
  DeploymentConfig: ['spec', 'template'],
};

/** Namespaces Kubernetes itself creates and runs; they hold no tenant workloads. */
/** The kinds the RBAC model is built from. */
export const RBAC_KINDS: readonly string[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

export interface PodTemplate {
  /** JSON pointer of the pod (or pod template) object inside the resource: '' for a Pod. */
  readonly path: string;
  readonly metadata: JsonObject;
  readonly spec: JsonObject;
}

/** The pod template of a workload, or undefined when the resource has none. */
export function podTemplateOf(r: KubeResource): PodTemplate | undefined {
  const segments = POD_TEMPLATE_PATHS[r.ref.kind];
  if (!segments) return undefined;
  let node: JsonObject | undefined = r.object;
  for (const s of segments) {
    node = asObject(node?.[s]);
    if (!node) return undefined;
  }
  const spec = asObject(node['spec']);
  if (!spec) return undefined;
  return { path: segments.map((s) => '/' + s).join(''), metadata: asObject(node['metadata']) ?? {}, spec };
}

export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED_KINDS.has(kind);
}
