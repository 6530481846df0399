import type { Inventory } from '../../core/inventory.js';
import type { RuleContext } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';

/** PHI namespaces known to the input, sorted; kube-system never holds PHI workloads of its own. */
export function phiNamespaces(inv: Inventory): string[] {
  return [...inv.scope.namespaces.keys()].filter((ns) => inv.scope.namespaceLevel(ns) === 'phi' && ns !== 'kube-system').sort();
}

/** The input a per-PHI-namespace rule judges: without a PHI namespace it stays not-evaluated rather than passing. */
export function hasPhiNamespaces(context: RuleContext): boolean {
  return phiNamespaces(context.inventory).length > 0;
}

/**
 * What a finding about a whole namespace is reported against: its Namespace object when the input has it
 * (`viaNamespace` true), else the first resource in it.
 */
export function namespaceAnchor(inv: Inventory, ns: string, fallback?: KubeResource): { readonly resource: KubeResource; readonly viaNamespace: boolean } | undefined {
  const obj = inv.get('Namespace', undefined, ns);
  if (obj) return { resource: obj, viaNamespace: true };
  const other = fallback ?? inv.inNamespace(ns)[0];
  return other ? { resource: other, viaNamespace: false } : undefined;
}
