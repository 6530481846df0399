import type { Inventory } from '../../core/inventory.js';
import type { JsonObject, KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import type { ModelRegistry } from '../../core/rule.js';

/** The ServiceAccount a pod spec runs as: serviceAccountName, the deprecated serviceAccount, or "default". */
export function serviceAccountOf(spec: JsonObject): { readonly name: string; readonly explicit: boolean } {
  const name = asString(spec['serviceAccountName']) || asString(spec['serviceAccount']);
  return name ? { name, explicit: true } : { name: 'default', explicit: false };
}

export function findServiceAccount(inventory: Inventory, namespace: string, name: string): KubeResource | undefined {
  return inventory.get('ServiceAccount', namespace, name);
}

export interface ServiceAccountBindings {
  /** "namespace/name" of every ServiceAccount named as a subject of a RoleBinding or ClusterRoleBinding. */
  readonly accounts: ReadonlySet<string>;
  /** Namespaces whose every ServiceAccount is bound through the group system:serviceaccounts:<ns>. */
  readonly namespaces: ReadonlySet<string>;
}

/** Which ServiceAccounts the input's bindings grant anything to; built once per scan. */
export function serviceAccountBindings(inventory: Inventory, models: ModelRegistry): ServiceAccountBindings {
  return models.get('workload/service-account-bindings', () => {
    const accounts = new Set<string>();
    const namespaces = new Set<string>();
    for (const b of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
      const bindingNs = b.ref.kind === 'RoleBinding' ? (inventory.scope.namespaceOf(b) ?? '') : '';
      for (const raw of asArray(b.object['subjects'])) {
        const s = asObject(raw);
        const kind = asString(s?.['kind']);
        const name = asString(s?.['name']);
        if (!s || !name) continue;
        if (kind === 'ServiceAccount') accounts.add(`${asString(s['namespace']) || bindingNs}/${name}`);
        // The all-ServiceAccounts group is bound by default distributions (discovery); only per-namespace grants count.
        else if (kind === 'Group' && name.startsWith('system:serviceaccounts:')) namespaces.add(name.slice('system:serviceaccounts:'.length));
      }
    }
    return { accounts, namespaces };
  });
}

export function isBound(bindings: ServiceAccountBindings, namespace: string, name: string): boolean {
  return bindings.accounts.has(`${namespace}/${name}`) || bindings.namespaces.has(namespace);
}
