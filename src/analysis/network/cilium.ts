import type { Inventory } from '../../core/inventory.js';
import { asArray, asObject } from '../../core/resource.js';
import { matchesSelector } from '../../core/selector.js';

/** A Cilium policy's spec that governs `direction`, with its endpointSelector; Cilium semantics are not modelled yet. */
interface CiliumSpec { readonly namespace: string | undefined; readonly endpointSelector: unknown }

const KINDS = ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];

function specsOf(inventory: Inventory, direction: 'ingress' | 'egress'): CiliumSpec[] {
  const out: CiliumSpec[] = [];
  for (const r of inventory.ofKind(...KINDS)) {
    if (!r.ref.apiVersion.startsWith('cilium.io/')) continue;
    const namespace = r.ref.kind === 'CiliumNetworkPolicy' ? inventory.scope.namespaceOf(r) : undefined;
    const specs = [asObject(r.object['spec']), ...asArray(r.object['specs']).map(asObject)];
    for (const spec of specs) {
      if (!spec) continue;
      if (spec[direction] === undefined && spec[`${direction}Deny`] === undefined) continue;
      out.push({ namespace, endpointSelector: spec['endpointSelector'] ?? spec['nodeSelector'] });
    }
  }
  return out;
}

/**
 * Whether a Cilium policy may govern `direction` for a pod, so a verdict from Kubernetes NetworkPolicies alone would be
 * wrong; a selector phiguard cannot read (Cilium's k8s:/io.cilium label keys) counts as selecting.
 */
export function ciliumGoverns(inventory: Inventory, direction: 'ingress' | 'egress'): (namespace: string, labels: Readonly<Record<string, string>>) => boolean {
  const specs = specsOf(inventory, direction);
  if (specs.length === 0) return () => false;
  return (namespace, labels) => specs.some((s) => {
    if (s.namespace !== undefined && s.namespace !== namespace) return false;
    if (/"(?:k8s:|io\.cilium|io\.kubernetes\.|any:|reserved:)/.test(JSON.stringify(s.endpointSelector ?? {}))) return true;
    return matchesSelector(s.endpointSelector ?? {}, labels);
  });
}
