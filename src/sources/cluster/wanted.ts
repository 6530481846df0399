/**
 * What a cluster scan lists: per API group, the resources the rules read ('*': every listable resource of the
 * group, for the ecosystem's CRDs). Groups the cluster does not serve cost no request beyond discovery.
 */
export const WANTED: Readonly<Record<string, readonly string[] | '*'>> = {
  '': ['namespaces', 'pods', 'services', 'serviceaccounts', 'configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes',
    'resourcequotas', 'limitranges', 'replicationcontrollers'],
  apps: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
  batch: ['jobs', 'cronjobs'],
  autoscaling: ['horizontalpodautoscalers'],
  'rbac.authorization.k8s.io': ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  'networking.k8s.io': ['networkpolicies', 'ingresses', 'ingressclasses'],
  policy: ['poddisruptionbudgets'],
  'storage.k8s.io': ['storageclasses'],
  'certificates.k8s.io': ['certificatesigningrequests'],
  'admissionregistration.k8s.io': '*',
  'snapshot.storage.k8s.io': '*',
  'velero.io': '*',
  'security.istio.io': '*',
  'networking.istio.io': '*',
  'policy.linkerd.io': '*',
  'cert-manager.io': '*',
  'kyverno.io': '*',
  'templates.gatekeeper.sh': '*',
  'constraints.gatekeeper.sh': '*',
  'policy.sigstore.dev': '*',
  'gateway.networking.k8s.io': '*',
  'aquasecurity.github.io': '*',
  'cilium.io': '*',
  'route.openshift.io': '*',
  'apps.openshift.io': '*',
  'config.kio.kasten.io': '*',
};

/** Read as PartialObjectMetadataList: names, labels and annotations only, never a value. */
export const METADATA_ONLY: ReadonlySet<string> = new Set(['secrets']);

/** Controllers whose children (ReplicaSets, Pods, Jobs) are judged through the controller, once. */
export const CONTROLLER_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'DeploymentConfig']);

export function isWanted(group: string, resource: string): boolean {
  const w = WANTED[group];
  return w === '*' || (w !== undefined && w.includes(resource));
}

/** The verbs the scan uses, for the scanner's ClusterRole. */
export const SCAN_VERBS: readonly string[] = ['get', 'list'];
