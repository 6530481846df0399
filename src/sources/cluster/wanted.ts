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
  'admissionregistration.k8s.io': ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings'],
  'snapshot.storage.k8s.io': ['volumesnapshotclasses', 'volumesnapshots'],
  'velero.io': ['backups', 'restores', 'schedules', 'backupstoragelocations', 'volumesnapshotlocations'],
  'security.istio.io': ['peerauthentications', 'authorizationpolicies', 'requestauthentications'],
  'networking.istio.io': ['destinationrules', 'gateways', 'virtualservices', 'serviceentries', 'sidecars'],
  'policy.linkerd.io': ['servers', 'serverauthorizations', 'authorizationpolicies', 'meshtlsauthentications'],
  'cert-manager.io': ['certificates', 'issuers', 'clusterissuers'],
  'kyverno.io': ['policies', 'clusterpolicies'],
  'templates.gatekeeper.sh': ['constrainttemplates'],
  // Gatekeeper makes one kind per ConstraintTemplate, so its constraints group is read whole.
  'constraints.gatekeeper.sh': '*',
  'policy.sigstore.dev': ['clusterimagepolicies'],
  'gateway.networking.k8s.io': ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'referencegrants'],
  'aquasecurity.github.io': ['vulnerabilityreports', 'configauditreports'],
  'cilium.io': ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'],
  'route.openshift.io': ['routes'],
  'apps.openshift.io': ['deploymentconfigs'],
  'config.kio.kasten.io': ['policies'],
};

/** Read as PartialObjectMetadataList: names, labels and annotations only, never a value. */
export const METADATA_ONLY: ReadonlySet<string> = new Set(['secrets']);

/** Controllers whose children (ReplicaSets, Pods, Jobs) are judged through the controller, once. */
export const CONTROLLER_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'DeploymentConfig']);

export function isWanted(group: string, resource: string): boolean {
  const w = WANTED[group];
  return w === '*' || (w !== undefined && w.includes(resource));
}

/** The only verb the scan uses on resources; /version and /metrics are plain GETs. */
export const SCAN_VERBS: readonly string[] = ['list'];
