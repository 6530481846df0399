import { defineRule } from '../../core/rule.js';
import { hasNamespaces, reportDefaultDeny } from '../support/default-deny.js';

export default defineRule({
  meta: {
    id: 'HK-NW-002',
    slug: 'default-deny-ingress',
    needs: 'PHI namespaces with their workloads and NetworkPolicies',
    messages: {
      missing: 'PHI namespace "{{ns}}" has no default-deny ingress policy (podSelector: {}, policyTypes [Ingress], no rules) ({{open}}).',
    },
  },
  evaluates: hasNamespaces,
  create(context) {
    return { end: () => reportDefaultDeny(context, 'ingress') };
  },
});
