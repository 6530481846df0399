import { defineRule } from '../../core/rule.js';
import { isEmptySelector } from '../../core/selector.js';
import { networkOf } from '../../analysis/shared-models.js';

export default defineRule({
  meta: {
    id: 'HK-NW-004',
    slug: 'allow-all-rules',
    needs: 'NetworkPolicies',
    messages: {
      emptyRule: 'NetworkPolicy "{{policy}}" {{direction}}[{{index}}] is empty: it allows every {{peer}} on every port.',
      anyNamespace: 'NetworkPolicy "{{policy}}" {{direction}}[{{index}}] peer {{peerIndex}} has namespaceSelector {} without podSelector: every pod in every namespace.',
      anyAddress: 'NetworkPolicy "{{policy}}" {{direction}}[{{index}}] peer {{peerIndex}} allows ipBlock {{cidr}} with no except: the whole internet.',
    },
  },
  evaluates: (context) => networkOf(context).policies.length > 0,
  create(context) {
    return {
      end() {
        const model = networkOf(context);
        for (const p of model.policies) {
          if (!context.isPhi(p.resource)) continue;
          for (const rule of [...p.ingress, ...p.egress]) {
            const base = `/spec/${rule.direction}/${rule.index}`;
            const data = { policy: p.name, direction: rule.direction, index: rule.index };
            const peerWord = rule.direction === 'ingress' ? 'source' : 'destination';
            const peerKey = rule.direction === 'ingress' ? 'from' : 'to';
            if (rule.peers === 'all') {
              if (rule.ports === 'all') context.report({ resource: p.resource, path: base, messageId: 'emptyRule', data: { ...data, peer: peerWord } });
              continue;
            }
            for (const peer of rule.peers) {
              if (peer.kind === 'pods' && peer.namespaceSelector && !peer.podSelector && isEmptySelector(peer.namespaceSelector)) {
                context.report({ resource: p.resource, path: `${base}/${peerKey}/${peer.index}/namespaceSelector`, messageId: 'anyNamespace', data: { ...data, peerIndex: peer.index } });
              }
              if (peer.kind === 'ipBlock' && peer.exceptCount === 0 && (peer.cidr.trim() === '0.0.0.0/0' || peer.cidr.trim() === '::/0')) {
                context.report({ resource: p.resource, path: `${base}/${peerKey}/${peer.index}/ipBlock/cidr`, messageId: 'anyAddress', data: { ...data, peerIndex: peer.index, cidr: peer.cidr } });
              }
            }
          }
        }
      },
    };
  },
});
