import { defineRule } from '../../core/rule.js';
import { networkOf } from '../../analysis/shared-models.js';

export default defineRule({
  meta: {
    id: 'HK-NW-011',
    slug: 'dangling-networkpolicy',
    needs: 'NetworkPolicies together with the workloads of their namespace',
    messages: {
      dangling: 'NetworkPolicy "{{policy}}" selects no pod in the input (none of the {{count}} workload(s) given for {{scope}} namespace "{{ns}}"): check its podSelector, unless the pods it is meant for are created by an operator and are not in the input.',
    },
  },
  evaluates: (context) => {
    const model = networkOf(context);
    return model.policies.some((p) => model.podsIn(p.namespace).length > 0);
  },
  create(context) {
    return {
      end() {
        const model = networkOf(context);
        for (const p of model.policies) {
          const pods = model.podsIn(p.namespace);
          // Without the namespace's workloads in the input, an empty selection proves nothing.
          if (pods.length === 0) continue;
          if (!context.isPhi(p.resource) || model.selectedBy(p).length > 0) continue;
          context.report({ resource: p.resource, path: '/spec/podSelector', messageId: 'dangling', data: { policy: p.name, count: pods.length, ns: p.namespace } });
        }
      },
    };
  },
});
