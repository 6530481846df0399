import type { Inventory } from '../../core/inventory.js';
import { asArray, asObject } from '../../core/resource.js';
import { matchesSelector } from '../../core/selector.js';

/** A Cilium policy's spec that governs `direction`, with its endpointSelector; Cilium semantics are not modelled yet. */
interface CiliumSpec {
  readonly policy: string;
  readonly namespace: string | undefined;
  readonly endpointSelector: unknown;
  /** ingressDeny/egressDeny rules: they override any allow, so an allow from a NetworkPolicy no longer decides. */
  readonly denies: boolean;
}

/** The Cilium policies that select a pod in one direction. */
export interface CiliumSelection {
  /** "CiliumNetworkPolicy ns/name" or "CiliumClusterwideNetworkPolicy name". */
  readonly policies: readonly string[];
  readonly denies: boolean;
}

const KINDS = ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];

function specsOf(inventory: Inventory, direction: 'ingress' | 'egress'): CiliumSpec[] {
  const out: CiliumSpec[] = [];
  for (const r of inventory.ofKind(...KINDS)) {
    if (!r.ref.apiVersion.startsWith('cilium.io/')) continue;
    const namespace = r.ref.kind === 'CiliumNetworkPolicy' ? inventory.scope.namespaceOf(r) : undefined;
    const policy = `${r.ref.kind} ${namespace ? `${namespace}/` : ''}${r.ref.name}`;
    const specs = [asObject(r.object['spec']), ...asArray(r.object['specs']).map(asObject)];
    for (const spec of specs) {
      if (!spec) continue;
      if (spec[direction] === undefined && spec[`${direction}Deny`] === undefined) continue;
      out.push({ policy, namespace, endpointSelector: spec['endpointSelector'] ?? spec['nodeSelector'], denies: spec[`${direction}Deny`] !== undefined });
    }
  }
  return out;
}

/**
 * The Cilium policies that may govern `direction` for a pod, so a verdict from Kubernetes NetworkPolicies alone could be
 * wrong; a selector phiguard cannot read (Cilium's k8s:/io.cilium label keys) counts as selecting.
 */
export function ciliumSelecting(inventory: Inventory, direction: 'ingress' | 'egress'): (namespace: string, labels: Readonly<Record<string, string>>) => CiliumSelection | undefined {
  const specs = specsOf(inventory, direction);
  if (specs.length === 0) return () => undefined;
  return (namespace, labels) => {
    const hits = specs.filter((s) => {
      if (s.namespace !== undefined && s.namespace !== namespace) return false;
      if (/"(?:k8s:|io\.cilium|io\.kubernetes\.|any:|reserved:)/.test(JSON.stringify(s.endpointSelector ?? {}))) return true;
      return matchesSelector(s.endpointSelector ?? {}, labels);
    });
    return hits.length === 0 ? undefined : { policies: [...new Set(hits.map((h) => h.policy))], denies: hits.some((h) => h.denies) };
  };
}

/** Whether a Cilium policy may govern `direction` for a pod. */
export function ciliumGoverns(inventory: Inventory, direction: 'ingress' | 'egress'): (namespace: string, labels: Readonly<Record<string, string>>) => boolean {
  const select = ciliumSelecting(inventory, direction);
  return (namespace, labels) => select(namespace, labels) !== undefined;
}
