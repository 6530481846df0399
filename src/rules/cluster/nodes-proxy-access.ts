import { RBAC_KINDS } from '../../core/kinds.js';
import { defineRule } from '../../core/rule.js';
import { GRANT_MESSAGES, hasGrantInput, reportCapabilityGrants } from '../support/capability-grants.js';

export default defineRule({
  meta: {
    id: 'HK-AC-007',
    slug: 'nodes-proxy-access',
    needs: 'RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding)',
    reads: RBAC_KINDS,
    messages: GRANT_MESSAGES,
  },
  evaluates: hasGrantInput,
  create(context) {
    // nodes are cluster-scoped: only a ClusterRoleBinding can grant nodes/proxy.
    return { end: () => reportCapabilityGrants(context, { caps: ['nodes-proxy'], exempt: (_s, b) => b.scope !== '*' }) };
  },
});
