import { defineRule } from '../../core/rule.js';
import { hasBindings } from '../support/capability-grants.js';
import { bindingCause } from '../../core/causes.js';
import { rbacOf } from '../../analysis/shared-models.js';
import type { AccessRequest } from '../../analysis/rbac/rule-match.js';
import { isAdminEquivalent, ruleAllows } from '../../analysis/rbac/rule-match.js';
import { bindingReachesPhi, isPlatformSubject, listSubjects } from '../../analysis/rbac/grants.js';
import { describeSubject } from '../../analysis/rbac/model.js';

const READS: readonly AccessRequest[] = ['pods', 'secrets', 'configmaps'].flatMap((resource) =>
  ['get', 'list', 'watch'].map((verb) => ({ verb, group: '', resource })));

export default defineRule({
  meta: {
    id: 'HK-AC-018',
    slug: 'cross-namespace-grants',
    needs: 'RBAC bindings (RoleBinding, ClusterRoleBinding)',
    messages: {
      foreignSa: 'RoleBinding "{{binding}}" in {{scope}} namespace "{{ns}}" grants {{role}} to {{subject}} from non-PHI namespace "{{from}}".',
      clusterRead: 'ClusterRoleBinding "{{binding}}" lets {{subjects}} read {{what}} in every namespace, PHI ones included; list it for access review.',
    },
  },
  evaluates: hasBindings,
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        const inv = context.inventory;
        for (const b of model.bindings) {
          if (b.kind === 'RoleBinding') {
            if (inv.scope.namespaceLevel(b.scope) !== 'phi') continue;
            for (const { subject, index } of b.subjects) {
              if (subject.kind !== 'ServiceAccount' || !subject.namespace || subject.namespace === b.scope) continue;
              if (inv.scope.namespaceLevel(subject.namespace) === 'phi' || context.config.trustedNamespaces.includes(subject.namespace)) continue;
              context.report({ resource: b.resource, path: `/subjects/${index}`, messageId: 'foreignSa',
                data: { binding: b.name, ns: b.scope, role: `${b.roleRef.kind} "${b.roleRef.name}"`, subject: describeSubject(subject), from: subject.namespace }, cause: bindingCause(b.resource.ref) });
            }
            continue;
          }
          if (!b.role || !bindingReachesPhi(b, inv)) continue;
          const rules = model.rulesOf(b.role);
          if (rules.some((r) => isAdminEquivalent(r.rule))) continue;
          const subjects = b.subjects.map((s) => s.subject).filter((s) => !isPlatformSubject(s, b));
          if (subjects.length === 0) continue;
          const what = [...new Set(READS.filter((req) => rules.some((r) => ruleAllows(r.rule, req) === 'all')).map((r) => r.resource))];
          if (what.length === 0) continue;
          context.report({ resource: b.resource, path: '/roleRef/name', messageId: 'clusterRead', data: { binding: b.name, subjects: listSubjects(subjects), what: what.join(', ') }, phi: true, cause: bindingCause(b.resource.ref) });
        }
      },
    };
  },
});
