import { defineRule } from '../../core/rule.js';
import { networkOf } from '../../analysis/shared-models.js';
import { checkZones } from '../../analysis/network/zones.js';

export default defineRule({
  meta: {
    id: 'HK-NW-006',
    slug: 'phi-ingress-from-non-phi',
    needs: 'NetworkPolicies in PHI namespaces, with the Namespaces they select',
    messages: {
      nonPhi: 'NetworkPolicy "{{policy}}" ingress[{{index}}] admits pods from namespaces outside PHI scope: {{namespaces}}.',
      zone: 'Zone "{{zone}}" may not reach zone "{{toZone}}"{{port}}, but {{from}} can reach {{to}}: {{why}}.',
    },
  },
  evaluates: (context) => networkOf(context).policies.length > 0 || context.config.zones.length > 0,
  create(context) {
    return {
      end() {
        const model = networkOf(context);
        const inv = context.inventory;
        const trusted = new Set(context.config.trustedNamespaces);
        for (const p of model.policies) {
          if (inv.scope.namespaceLevel(p.namespace) !== 'phi') continue;
          for (const rule of p.ingress) {
            if (rule.peers === 'all') continue;
            for (const peer of rule.peers) {
              const matched = model.namespacesMatching(peer);
              if (!matched) continue;
              const outside = matched.filter((ns) => inv.scope.namespaceLevel(ns) !== 'phi' && !trusted.has(ns));
              if (outside.length === 0) continue;
              context.report({
                resource: p.resource, path: `/spec/ingress/${rule.index}/from/${peer.index}/namespaceSelector`, messageId: 'nonPhi',
                data: { policy: p.name, index: rule.index, namespaces: outside.slice(0, 5).join(', ') + (outside.length > 5 ? ` and ${outside.length - 5} more` : '') },
              });
            }
          }
        }
        const undecided: string[] = [];
        for (const z of checkZones(model, context.config.zones)) {
          if (!z.to) continue;
          if (z.undecided) {
            undecided.push(`${z.from.namespace}/${z.from.name} → ${z.to.namespace}/${z.to.name}`);
            continue;
          }
          context.report({
            resource: z.from.node.resource, path: z.from.node.template.path, messageId: 'zone',
            data: { zone: z.zone, toZone: z.toZone ?? '', port: z.port !== undefined ? ` on port ${z.port}` : '', from: `${z.from.namespace}/${z.from.name}`, to: `${z.to.namespace}/${z.to.name}`, why: z.why },
          });
        }
        if (undecided.length) context.notEvaluated?.(`Cilium policies decide whether ${undecided.slice(0, 3).join(', ')}${undecided.length > 3 ? ` and ${undecided.length - 3} more` : ''} break the zones; phiguard does not model Cilium policy rules yet`);
      },
    };
  },
});
