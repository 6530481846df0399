import { defineRule } from '../../core/rule.js';
import { hasBindings } from '../support/capability-grants.js';
import { bindingCause } from '../../core/causes.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { bindingReachesPhi } from '../../analysis/rbac/grants.js';
import { describeSubject } from '../../analysis/rbac/model.js';

const GENERIC = new Set(['admin', 'root', 'administrator', 'kubernetes-admin', 'cluster-admin', 'super-admin', 'kubeadm:cluster-admins', 'superuser']);

export default defineRule({
  meta: {
    id: 'HK-ID-013',
    slug: 'generic-admin-identity',
    needs: 'RBAC bindings (RoleBinding, ClusterRoleBinding)',
    messages: {
      generic: '{{bindingKind}} "{{binding}}" binds the shared identity {{subject}}: actions under it cannot be attributed to one person.',
    },
  },
  evaluates: hasBindings,
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        for (const b of model.bindings) {
          for (const { subject, index } of b.subjects) {
            if (subject.kind === 'ServiceAccount' || !GENERIC.has(subject.name.toLowerCase())) continue;
            context.report({ resource: b.resource, path: `/subjects/${index}`, messageId: 'generic',
              data: { bindingKind: b.kind, binding: b.name, subject: describeSubject(subject) }, ...(b.scope === '*' ? { phi: bindingReachesPhi(b, context.inventory) } : {}), cause: bindingCause(b.resource.ref) });
          }
        }
      },
    };
  },
});
