import type { RuleContext } from '../../core/rule.js';
import { isEmptySelector } from '../../core/selector.js';
import { networkOf } from '../../analysis/shared-models.js';
import { ciliumGoverns } from '../../analysis/network/cilium.js';
import { namespaceAnchor } from './namespaces.js';
import { networkIsolationCause } from '../../core/causes.js';

/** The input a default-deny rule judges: namespaces, named by Namespace objects or by the pods in them. */
export function hasNamespaces(context: RuleContext): boolean {
  return context.inventory.ofKind('Namespace').length > 0 || networkOf(context).pods.length > 0;
}

/** Reports PHI namespaces where some pod is not isolated in `direction` and no default-deny policy exists. */
export function reportDefaultDeny(context: RuleContext, direction: 'ingress' | 'egress'): void {
  const inv = context.inventory;
  const model = networkOf(context);
  const namespaces = new Set([...inv.ofKind('Namespace').map((n) => n.ref.name), ...model.pods.map((p) => p.namespace)]);
  const cilium = ciliumGoverns(inv, direction);
  const unjudged: string[] = [];
  for (const ns of [...namespaces].sort()) {
    if (inv.scope.namespaceLevel(ns) !== 'phi' || ns === 'kube-system') continue;
    const policies = model.policiesIn(ns);
    const denyAll = policies.some((p) => isEmptySelector(p.podSelector) &&
      (direction === 'ingress' ? p.ingressIsolates && p.ingress.length === 0 : p.egressIsolates && p.egress.length === 0));
    if (denyAll) continue;
    const pods = model.podsIn(ns);
    const unisolated = pods.filter((p) => (direction === 'ingress' ? p.ingressPolicies : p.egressPolicies).length === 0);
    // Pods a Cilium policy governs are not judged from NetworkPolicies alone: unjudged, never a wrong verdict.
    const open = unisolated.filter((p) => !cilium(ns, p.labels));
    if (open.length < unisolated.length) unjudged.push(ns);
    if (pods.length > 0 && open.length === 0) continue;
    if (pods.length === 0 && cilium(ns, {})) {
      unjudged.push(ns);
      continue;
    }
    const anchor = namespaceAnchor(inv, ns, pods[0]?.node.resource);
    if (!anchor) continue;
    const names = open.slice(0, 3).map((p) => p.name).join(', ') + (open.length > 3 ? ` and ${open.length - 3} more` : '');
    context.report({
      resource: anchor.resource, path: anchor.viaNamespace ? '/metadata/name' : '', messageId: 'missing',
      data: { ns, open: open.length ? `not isolated: ${names}` : 'no pods in the input to check' },
      ...(anchor.viaNamespace ? {} : { phi: true }),
      // One default-deny policy (both policyTypes) fixes ingress and egress, and a namespace with none: one cause.
      cause: networkIsolationCause(ns),
    });
  }
  if (unjudged.length > 0) context.notEvaluated?.(`Cilium policies govern ${direction} for pods in ${[...new Set(unjudged)].join(', ')}; phiguard does not model Cilium policy semantics yet`);
}
