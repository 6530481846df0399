import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { clusterScanStatus } from '../../core/cluster-scan.js';

export default defineRule({
  meta: {
    id: 'HK-TM-001',
    slug: 'bindings-missing-serviceaccounts',
    needs: 'RBAC bindings (RoleBinding, ClusterRoleBinding) with the ServiceAccounts of their namespaces',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    marksEvaluated: true,
    messages: {
      missing: '{{kind}} "{{binding}}" grants {{role}} to ServiceAccount {{namespace}}/{{name}}, which does not exist: whoever creates that ServiceAccount inherits the access.',
    },
  },
  create(context) {
    const inventory = context.inventory;
    // Worked out once per run, not per binding: each is a walk over the whole input or a namespace.
    let read: { readonly complete: boolean; readonly namespaces: readonly string[] } | undefined;
    const knownNamespaces = new Map<string, boolean>();
    return {
      resource(r) {
        // A file holds only some ServiceAccounts; a namespace is judged when the input has any of its ServiceAccounts or came from a cluster read.
        if (read === undefined) {
          const scan = clusterScanStatus(inventory.resources);
          // A cluster read limited by --namespace holds every ServiceAccount of those namespaces only.
          read = { complete: scan !== undefined, namespaces: asArray(scan?.['namespaces']).map(String) };
        }
        const { complete, namespaces: readNamespaces } = read;
        const known = (ns: string): boolean => {
          let k = knownNamespaces.get(ns);
          if (k === undefined) {
            k = (complete && (readNamespaces.length === 0 || readNamespaces.includes(ns))) || inventory.inNamespace(ns).some((x) => x.ref.kind === 'ServiceAccount');
            knownNamespaces.set(ns, k);
          }
          return k;
        };
        const roleRef = asObject(r.object['roleRef']);
        const role = `${asString(roleRef?.['kind']) ?? 'role'} "${asString(roleRef?.['name']) ?? ''}"`;
        asArray(r.object['subjects']).forEach((s, i) => {
          const subject = asObject(s);
          if (asString(subject?.['kind']) !== 'ServiceAccount') return;
          const name = asString(subject?.['name']) ?? '';
          const namespace = asString(subject?.['namespace']) ?? r.ref.namespace ?? '';
          if (!name || !namespace || !known(namespace)) return;
          context.markEvaluated();
          if (inventory.get('ServiceAccount', namespace, name)) return;
          // Kubernetes creates these for every namespace; a cluster read that lacks them lacks the namespace, which the binding outlived.
          if (!complete && name === 'default') return;
          context.report({ resource: r, path: `/subjects/${i}`, messageId: 'missing', data: { kind: r.ref.kind, binding: r.ref.name, role, namespace, name } });
        });
      },
    };
  },
});
