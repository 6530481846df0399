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
];
