import { defineRule } from '../../core/rule.js';
import { GRANT_MESSAGES, hasGrantInput, reportCapabilityGrants } from '../support/capability-grants.js';

export default defineRule({
  meta: {
    id: 'HK-AC-005',
    slug: 'interactive-pod-access',
    needs: 'RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding)',
    messages: GRANT_MESSAGES,
  },
  evaluates: hasGrantInput,
  create(context) {
    return { end: () => reportCapabilityGrants(context, { caps: ['exec'], phiOnly: true }) };
  },
});
