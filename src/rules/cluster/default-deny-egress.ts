import { defineRule } from '../../core/rule.js';
import { hasNamespaces, reportDefaultDeny } from '../support/default-deny.js';

export default defineRule({
  meta: {
    id: 'HK-NW-003',
    slug: 'default-deny-egress',
    needs: 'PHI namespaces with their workloads and NetworkPolicies',
    messages: {
      missing: 'PHI namespace "{{ns}}" has no default-deny egress policy (podSelector: {}, policyTypes [Egress], no rules) ({{open}}).',
    },
  },
  evaluates: hasNamespaces,
  create(context) {
    return { end: () => reportDefaultDeny(context, 'egress') };
  },
});
