import { RBAC_KINDS } from '../../core/kinds.js';
import { defineRule } from '../../core/rule.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { bindingReachesPhi, isPlatformSubject, listSubjects } from '../../analysis/rbac/grants.js';
import { describeRule, isFullWildcard } from '../../analysis/rbac/rule-match.js';
import type { Subject } from '../../analysis/rbac/model.js';

// Built-in roles whose wildcards are by design (catalog: exclude cluster-admin, admin, edit, system:*).
function isExcludedRole(name: string): boolean {
  return name === 'cluster-admin' || name === 'admin' || name === 'edit' || name.startsWith('system:');
}

export default defineRule({
  meta: {
    id: 'HK-AC-001',
    slug: 'rbac-wildcards',
    needs: 'RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding)',
    reads: RBAC_KINDS,
    messages: {
      wildcard: '{{roleKind}} "{{role}}" rules[{{index}}] uses "*" in {{fields}} ({{rule}}) and is bound to {{subjects}} by {{bindings}}.',
      unbound: '{{roleKind}} "{{role}}" rules[{{index}}] uses "*" in {{fields}} ({{rule}}); no binding in the input uses it, so any binding to it would grant this.',
    },
  },
  evaluates: (context) => rbacOf(context).bindings.length > 0 || rbacOf(context).roles.some((r) => !r.builtin && r.resource !== undefined),
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        const own = model.roles.filter((r) => !r.builtin && r.resource);
        for (const role of own) {
          if (!role.resource || isExcludedRole(role.name)) continue;
          // Most roles name no wildcard: skip them before working out who they are bound to.
          if (!role.ownRules.some((rule) => rule.verbs.includes('*') || rule.resources.includes('*') || rule.apiGroups.includes('*'))) continue;
          const bindings = model.bindingsOf(role);
          const subjects: Subject[] = [];
          const names: string[] = [];
          let phi = false;
          for (const b of bindings) {
            const subs = b.subjects.map((s) => s.subject).filter((s) => !isPlatformSubject(s, b));
            if (subs.length === 0) continue;
            subjects.push(...subs);
            names.push(`${b.kind} "${b.name}"`);
            phi ||= bindingReachesPhi(b, context.inventory);
          }
          const aggregated = Object.keys(role.labels).some((k) => k.startsWith('rbac.authorization.k8s.io/aggregate-to-'));
          role.ownRules.forEach((rule, index) => {
            const fields = (['verbs', 'resources', 'apiGroups'] as const).filter((f) => rule[f].includes('*'));
            if (fields.length === 0) return;
            const data = { roleKind: role.kind, role: role.name, index, fields: fields.join(', '), rule: describeRule(rule) };
            const path = `/rules/${index}/${fields[0] ?? 'verbs'}`;
            if (subjects.length > 0) {
              context.report({
                resource: role.resource as NonNullable<typeof role.resource>, path, messageId: 'wildcard',
                data: { ...data, subjects: listSubjects(subjects), bindings: names.slice(0, 3).join(', ') },
                ...(isFullWildcard(rule) ? { severity: 'critical' as const } : {}),
                ...(role.kind === 'ClusterRole' ? { phi } : {}),
              });
            } else if (bindings.length === 0 && !aggregated) {
              context.report({
                resource: role.resource as NonNullable<typeof role.resource>, path, messageId: 'unbound', data, severity: 'low',
                ...(role.kind === 'ClusterRole' ? { phi: true } : {}),
              });
            }
          });
        }
      },
    };
  },
});
