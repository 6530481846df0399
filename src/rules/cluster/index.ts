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
];
