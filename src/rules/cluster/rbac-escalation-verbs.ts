import { RBAC_KINDS } from '../../core/kinds.js';
import { defineRule } from '../../core/rule.js';
import { GRANT_MESSAGES, hasGrantInput, reportCapabilityGrants } from '../support/capability-grants.js';

export default defineRule({
  meta: {
    id: 'HK-AC-006',
    slug: 'rbac-escalation-verbs',
    needs: 'RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding)',
    reads: RBAC_KINDS,
    messages: GRANT_MESSAGES,
  },
  evaluates: hasGrantInput,
  create(context) {
    return {
      end: () => reportCapabilityGrants(context, {
        caps: ['impersonate', 'escalate-bind', 'write-bindings'],
        // RBAC's escalation check stops binding writes from granting more than one holds, unless "bind" is also held.
        filter: (hits) => {
          const canBind = hits.some((h) => h.cap === 'escalate-bind' && h.request.verb === 'bind' && h.match === 'all');
          return hits.filter((h) => h.cap !== 'write-bindings' || canBind);
        },
      }),
    };
  },
});
