import { defineRule } from '../../core/rule.js';
import { apiGroupOf } from '../../core/resource.js';
import { networkOf } from '../../analysis/shared-models.js';
import { namespaceAnchor } from '../support/namespaces.js';
import { networkIsolationCause } from '../../core/causes.js';
import { SYSTEM_NAMESPACES } from '../../core/kinds.js';

const CLUSTER_WIDE_POLICY_KINDS = ['CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy'];

export default defineRule({
  meta: {
    id: 'HK-NW-001',
    slug: 'namespace-without-networkpolicy',
    needs: 'Namespaces or workloads, with their NetworkPolicies',
    messages: {
      none: 'Namespace "{{ns}}" has no NetworkPolicy (nor a Cilium or Calico policy): its {{pods}} workload(s) accept and open any connection.',
    },
  },
  evaluates: (context) => context.inventory.ofKind('Namespace').length > 0 || networkOf(context).pods.length > 0,
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        const model = networkOf(context);
        const namespaces = new Set([...inv.ofKind('Namespace').map((n) => n.ref.name), ...model.pods.map((p) => p.namespace)]);
        // A cluster-wide CNI policy may cover every namespace; claiming otherwise would be a guess.
        if (inv.ofKind(...CLUSTER_WIDE_POLICY_KINDS).length > 0) return;
        const covered = new Set<string>();
        for (const r of inv.ofKind('NetworkPolicy', 'CiliumNetworkPolicy')) {
          const g = apiGroupOf(r.ref.apiVersion);
          if (g === 'networking.k8s.io' || g === 'cilium.io' || g === 'projectcalico.org' || g === 'crd.projectcalico.org') {
            const ns = inv.scope.namespaceOf(r);
            if (ns) covered.add(ns);
          }
        }
        for (const ns of [...namespaces].sort()) {
          if (SYSTEM_NAMESPACES.has(ns) || covered.has(ns)) continue;
          const pods = model.podsIn(ns);
          const anchor = namespaceAnchor(inv, ns, pods[0]?.node.resource);
          if (!anchor) continue;
          context.report({ resource: anchor.resource, path: anchor.viaNamespace ? '/metadata/name' : '', messageId: 'none', data: { ns, pods: pods.length }, cause: networkIsolationCause(ns) });
        }
      },
    };
  },
});
