import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString, pointerOf } from '../../core/resource.js';
import { serviceAccountOf } from '../support/service-accounts.js';
import { serviceAccountCause } from '../../core/causes.js';

export default defineRule({
  meta: {
    id: 'HK-AC-010',
    slug: 'default-service-account',
    needs: 'workloads, ServiceAccounts or RoleBindings/ClusterRoleBindings',
    kinds: ['RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'],
    messages: {
      binding: '{{kind}} "{{binding}}" grants {{role}} to the default ServiceAccount of namespace "{{namespace}}", so every pod there that names no ServiceAccount holds that access.',
      podDefault: '{{kind}} "{{name}}" runs as the default ServiceAccount of namespace "{{namespace}}" ({{how}}); give each {{scope}} workload its own ServiceAccount so its API access is attributable.',
      saAutomount: 'The default ServiceAccount of {{scope}} namespace "{{namespace}}" does not set automountServiceAccountToken: false, so every pod that names no ServiceAccount gets an API token.',
    },
  },
  create(context) {
    const nsOf = context.inventory.scope.namespaceOf;
    return {
      resource(r) {
        if (r.ref.kind === 'ServiceAccount') {
          if (r.ref.name !== 'default' || !context.isPhi(r) || r.object['automountServiceAccountToken'] === false) return;
          const has = r.object['automountServiceAccountToken'] !== undefined;
          context.report({
            resource: r,
            path: has ? '/automountServiceAccountToken' : '',
            messageId: 'saAutomount',
            data: { namespace: nsOf(r) ?? context.config.defaultNamespace },
            fix: { description: 'Stop mounting the default ServiceAccount token', patch: [{ op: 'add', path: '/automountServiceAccountToken', value: false }] },
          });
          return;
        }
        const roleRef = asObject(r.object['roleRef']);
        const role = `${asString(roleRef?.['kind']) ?? 'role'} "${asString(roleRef?.['name']) ?? '?'}"`;
        asArray(r.object['subjects']).forEach((raw, i) => {
          const s = asObject(raw);
          if (asString(s?.['kind']) !== 'ServiceAccount' || asString(s?.['name']) !== 'default') return;
          const namespace = asString(s?.['namespace']) || (r.ref.kind === 'RoleBinding' ? (nsOf(r) ?? '') : '');
          context.report({ resource: r, path: pointerOf(['subjects', i]), messageId: 'binding', data: { kind: r.ref.kind, binding: r.ref.name, role, namespace } });
        });
      },
      podSpec(p) {
        if (!context.isPhi(p.resource)) return;
        const sa = serviceAccountOf(p.template.spec);
        if (sa.name !== 'default') return;
        const field = p.template.spec['serviceAccountName'] !== undefined ? 'serviceAccountName' : p.template.spec['serviceAccount'] !== undefined ? 'serviceAccount' : undefined;
        context.report({
          resource: p.resource,
          path: field ? `${p.template.path}/spec/${field}` : `${p.template.path}/spec`,
          messageId: 'podDefault',
          data: { kind: p.resource.ref.kind, name: p.resource.ref.name, namespace: p.namespace, how: sa.explicit ? `${field ?? 'serviceAccountName'}: default` : 'serviceAccountName unset' },
          cause: serviceAccountCause(p.namespace, 'default'),
        });
      },
    };
  },
});
