import { defineRule } from '../../core/rule.js';
import { networkOf } from '../../analysis/shared-models.js';
import { PUBLIC } from '../../core/ip.js';
import { describeRuleRef } from '../../analysis/network/model.js';
import { dataTierReason } from '../../analysis/network/tiers.js';
import { checkZones } from '../../analysis/network/zones.js';

export default defineRule({
  meta: {
    id: 'HK-NW-005',
    slug: 'data-tier-internet-egress',
    needs: 'workloads and their NetworkPolicies',
    messages: {
      unisolated: 'Data-tier workload {{kind}} "{{name}}" ({{reason}}) has no egress policy: it can open connections to any internet address.',
      allowed: 'Data-tier workload {{kind}} "{{name}}" ({{reason}}) may reach internet addresses through {{rules}}.',
      zone: 'Zone "{{zone}}" must not reach the internet, but {{kind}} "{{name}}" can: {{why}}.',
    },
  },
  evaluates: (context) => networkOf(context).pods.length > 0,
  create(context) {
    return {
      end() {
        const model = networkOf(context);
        const undecided: string[] = [];
        for (const pod of model.pods) {
          const reason = dataTierReason(pod);
          if (!reason) continue;
          const v = model.egressTo(pod, PUBLIC);
          if (v.undecided) {
            undecided.push(`${pod.namespace}/${pod.name}`);
            continue;
          }
          if (!v.allowed) continue;
          const data = { kind: pod.kind, name: pod.name, reason };
          if (!v.isolated) context.report({ resource: pod.node.resource, path: pod.node.template.path, messageId: 'unisolated', data });
          else {
            const first = v.allowedBy[0];
            context.report({
              resource: first?.policy.resource ?? pod.node.resource,
              path: first ? `/spec/egress/${first.rule.index}` : pod.node.template.path,
              messageId: 'allowed', data: { ...data, rules: v.allowedBy.map(describeRuleRef).join(', ') },
            });
          }
        }
        for (const z of checkZones(model, context.config.zones)) {
          if (z.to) continue;
          if (z.undecided) {
            undecided.push(`${z.from.namespace}/${z.from.name}`);
            continue;
          }
          context.report({ resource: z.from.node.resource, path: z.from.node.template.path, messageId: 'zone', data: { zone: z.zone, kind: z.from.kind, name: z.from.name, why: z.why } });
        }
        const unsure = [...new Set(undecided)];
        if (unsure.length) context.notEvaluated?.(`Cilium policies govern internet egress of ${unsure.slice(0, 3).join(', ')}${unsure.length > 3 ? ` and ${unsure.length - 3} more` : ''}; phiguard does not model Cilium policy rules yet`);
      },
    };
  },
});
