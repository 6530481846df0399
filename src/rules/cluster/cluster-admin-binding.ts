import { RBAC_KINDS } from '../../core/kinds.js';
import { defineRule } from '../../core/rule.js';
import { hasBindings } from '../support/capability-grants.js';
import { bindingCause } from '../../core/causes.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { bindingReachesPhi, isBreakGlass, whereOf } from '../../analysis/rbac/grants.js';
import { describeRuleOrigin, describeSubject } from '../../analysis/rbac/model.js';
import { isAdminEquivalent } from '../../analysis/rbac/rule-match.js';

export default defineRule({
  meta: {
    id: 'HK-AC-002',
    slug: 'cluster-admin-binding',
    needs: 'RBAC bindings (RoleBinding, ClusterRoleBinding)',
    reads: RBAC_KINDS,
    messages: {
      admin: '{{bindingKind}} "{{binding}}" gives {{subject}} cluster-admin power in {{where}} through {{origin}}.',
    },
  },
  evaluates: hasBindings,
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        for (const b of model.bindings) {
          if (!b.role || isBreakGlass(b)) continue;
          const adminRule = model.rulesOf(b.role).find((r) => isAdminEquivalent(r.rule));
          const isClusterAdmin = b.role.kind === 'ClusterRole' && b.role.name === 'cluster-admin';
          if (!adminRule && !isClusterAdmin) continue;
          const origin = isClusterAdmin ? `ClusterRole "cluster-admin"` : describeRuleOrigin(adminRule as NonNullable<typeof adminRule>, b.role);
          for (const { subject, index } of b.subjects) {
            // system:masters already bypasses RBAC; binding it changes nothing (HK-AC-003 covers its use).
            if (subject.kind === 'Group' && subject.name === 'system:masters') continue;
            context.report({
              resource: b.resource, path: `/subjects/${index}`, messageId: 'admin',
              data: { bindingKind: b.kind, binding: b.name, subject: describeSubject(subject), where: whereOf(b), origin },
              ...(b.scope === '*' ? { phi: bindingReachesPhi(b, context.inventory) } : {}),
              cause: bindingCause(b.resource.ref),
            });
          }
        }
      },
    };
  },
});
