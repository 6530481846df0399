import { RBAC_KINDS } from '../../core/kinds.js';
import { defineRule } from '../../core/rule.js';
import { hasBindings } from '../support/capability-grants.js';
import { bindingCause } from '../../core/causes.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { bindingReachesPhi } from '../../analysis/rbac/grants.js';
import { describeSubject } from '../../analysis/rbac/model.js';

// Roles Kubernetes grants every identity by default: discovery and public cluster information only.
const DEFAULT_DISCOVERY = new Set(['system:discovery', 'system:basic-user', 'system:public-info-viewer']);

export default defineRule({
  meta: {
    id: 'HK-AC-012',
    slug: 'anonymous-bindings',
    needs: 'RBAC bindings (RoleBinding, ClusterRoleBinding)',
    reads: RBAC_KINDS,
    messages: {
      anonymous: '{{bindingKind}} "{{binding}}" binds {{subject}} (requests without any authentication) to {{roleKind}} "{{role}}".',
      authenticated: '{{bindingKind}} "{{binding}}" binds Group system:authenticated (every identity, every ServiceAccount) to {{roleKind}} "{{role}}", beyond the default discovery roles.',
    },
  },
  evaluates: hasBindings,
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        for (const b of model.bindings) {
          const role = b.roleRef.name;
          if (DEFAULT_DISCOVERY.has(role) && b.roleRef.kind === 'ClusterRole') continue;
          const phi = b.scope === '*' ? { phi: bindingReachesPhi(b, context.inventory) } : {};
          for (const { subject, index } of b.subjects) {
            const data = { bindingKind: b.kind, binding: b.name, roleKind: b.roleRef.kind, role, subject: describeSubject(subject) };
            const anon = (subject.kind === 'User' && subject.name === 'system:anonymous') || (subject.kind === 'Group' && subject.name === 'system:unauthenticated');
            if (anon) context.report({ resource: b.resource, path: `/subjects/${index}`, messageId: 'anonymous', data, ...phi, cause: bindingCause(b.resource.ref) });
            else if (subject.kind === 'Group' && subject.name === 'system:authenticated') {
              context.report({ resource: b.resource, path: `/subjects/${index}`, messageId: 'authenticated', data, severity: 'high', ...phi, cause: bindingCause(b.resource.ref) });
            }
          }
        }
      },
    };
  },
});
