import { defineRule } from '../../core/rule.js';
import { networkIsolationCause } from '../../core/causes.js';
import { networkOf } from '../../analysis/shared-models.js';
import { METADATA_IP } from '../../core/ip.js';
import { describeRuleRef } from '../../analysis/network/model.js';

export default defineRule({
  meta: {
    id: 'HK-NW-010',
    slug: 'metadata-api-reachable',
    needs: 'workloads and their NetworkPolicies',
    messages: {
      unisolated: '{{scope}} workload {{kind}} "{{name}}" has no egress policy, so it can reach the cloud metadata service 169.254.169.254 (node credentials).',
      allowed: '{{scope}} workload {{kind}} "{{name}}" can reach the cloud metadata service 169.254.169.254 through {{rules}}; add it to the ipBlock except list.',
    },
  },
  evaluates: (context) => networkOf(context).pods.length > 0,
  create(context) {
    return {
      end() {
        const model = networkOf(context);
        const undecided: string[] = [];
        for (const pod of model.pods) {
          if (!context.isPhi(pod.node.resource)) continue;
          const v = model.egressTo(pod, [METADATA_IP]);
          if (v.undecided) {
            undecided.push(`${pod.namespace}/${pod.name}`);
            continue;
          }
          if (!v.allowed) continue;
          const data = { kind: pod.kind, name: pod.name };
          if (!v.isolated) context.report({ resource: pod.node.resource, path: pod.node.template.path, messageId: 'unisolated', data, cause: networkIsolationCause(pod.namespace) });
          else {
            const first = v.allowedBy[0];
            context.report({
              resource: first?.policy.resource ?? pod.node.resource, path: first ? `/spec/egress/${first.rule.index}` : pod.node.template.path,
              messageId: 'allowed', data: { ...data, rules: v.allowedBy.map(describeRuleRef).join(', ') },
            });
          }
        }
        if (undecided.length) context.notEvaluated?.(`Cilium policies govern egress to the metadata service of ${undecided.slice(0, 3).join(', ')}${undecided.length > 3 ? ` and ${undecided.length - 3} more` : ''}; phiguard does not model Cilium policy rules yet`);
      },
    };
  },
});
