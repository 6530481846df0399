import type { Rule } from '../../core/rule.js';
import rbacWildcards from './rbac-wildcards.js';
import clusterAdminBinding from './cluster-admin-binding.js';
import secretReadAccess from './secret-read-access.js';
import interactivePodAccess from './interactive-pod-access.js';
import rbacEscalationVerbs from './rbac-escalation-verbs.js';
import nodesProxyAccess from './nodes-proxy-access.js';
import workloadCreationRights from './workload-creation-rights.js';
import sensitiveGrants from './sensitive-grants.js';
import anonymousBindings from './anonymous-bindings.js';
import namespaceWithoutNetworkpolicy from './namespace-without-networkpolicy.js';
import defaultDenyIngress from './default-deny-ingress.js';
import defaultDenyEgress from './default-deny-egress.js';
import allowAllRules from './allow-all-rules.js';
import dataTierInternetEgress from './data-tier-internet-egress.js';
import phiIngressFromNonPhi from './phi-ingress-from-non-phi.js';
import metadataApiReachable from './metadata-api-reachable.js';
import danglingNetworkpolicy from './dangling-networkpolicy.js';
import phiExposedOutside from './phi-exposed-outside.js';
import edgeTls from './edge-tls.js';
import httpsRedirect from './https-redirect.js';
import edgeTlsVersion from './edge-tls-version.js';
import meshMtlsStrict from './mesh-mtls-strict.js';
import plaintextPortsExposed from './plaintext-ports-exposed.js';
import externalEgressPlaintext from './external-egress-plaintext.js';
import unmaintainedIngressNginx from './unmaintained-ingress-nginx.js';
import systemMastersCredentials from './system-masters-credentials.js';
import powerfulWorkloadIdentity from './powerful-workload-identity.js';
import phiSharedNamespace from './phi-shared-namespace.js';
import crossNamespaceGrants from './cross-namespace-grants.js';
import clientCertIdentities from './client-cert-identities.js';
import sharedWorkloadIdentity from './shared-workload-identity.js';
import genericAdminIdentity from './generic-admin-identity.js';
import breakGlassDefined from './break-glass-defined.js';
import breakGlassTimeBound from './break-glass-time-bound.js';
import accessReviewMetadata from './access-review-metadata.js';
import encryptedStorageClass from './encrypted-storage-class.js';
import unmanagedPhiVolumes from './unmanaged-phi-volumes.js';
import backupEncryption from './backup-encryption.js';
import phiBackupCoverage from './phi-backup-coverage.js';
import backupVolumeData from './backup-volume-data.js';
import backupOffCluster from './backup-off-cluster.js';
import imageSignatureEnforced from './image-signature-enforced.js';
import phiVolumeDestruction from './phi-volume-destruction.js';
import policyEngineEnforcing from './policy-engine-enforcing.js';

export const CLUSTER_RULES: readonly Rule[] = [
  rbacWildcards,
  clusterAdminBinding,
  secretReadAccess,
  interactivePodAccess,
  rbacEscalationVerbs,
  nodesProxyAccess,
  workloadCreationRights,
  sensitiveGrants,
  anonymousBindings,
  namespaceWithoutNetworkpolicy,
  defaultDenyIngress,
  defaultDenyEgress,
  allowAllRules,
  dataTierInternetEgress,
  phiIngressFromNonPhi,
  metadataApiReachable,
  danglingNetworkpolicy,
  phiExposedOutside,
  edgeTls,
  httpsRedirect,
  edgeTlsVersion,
  meshMtlsStrict,
  plaintextPortsExposed,
  externalEgressPlaintext,
  unmaintainedIngressNginx,
  systemMastersCredentials,
  powerfulWorkloadIdentity,
  phiSharedNamespace,
  crossNamespaceGrants,
  clientCertIdentities,
  sharedWorkloadIdentity,
  genericAdminIdentity,
  breakGlassDefined,
  breakGlassTimeBound,
  accessReviewMetadata,
  encryptedStorageClass,
  unmanagedPhiVolumes,
  backupEncryption,
  phiBackupCoverage,
  backupVolumeData,
  backupOffCluster,
  imageSignatureEnforced,
  phiVolumeDestruction,
  policyEngineEnforcing,
];
