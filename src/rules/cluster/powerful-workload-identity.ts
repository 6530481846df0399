import { defineRule } from '../../core/rule.js';
import { hasBindings } from '../support/capability-grants.js';
import { asString } from '../../core/resource.js';
import { capabilitiesOf, rbacOf } from '../../analysis/shared-models.js';
import type { Binding, Subject } from '../../analysis/rbac/model.js';
import { implicitGroups, subjectKey } from '../../analysis/rbac/model.js';
import { isAdminEquivalent } from '../../analysis/rbac/rule-match.js';
import { whereOf } from '../../analysis/rbac/grants.js';

export default defineRule({
  meta: {
    id: 'HK-AC-013',
    slug: 'powerful-workload-identity',
    needs: 'workloads together with the RBAC bindings of their ServiceAccounts',
    messages: {
      powerful: '{{kind}} "{{name}}" runs as ServiceAccount {{sa}}, which can {{powers}} ({{via}}); anyone who compromises the pod gets it.',
    },
  },
  evaluates: hasBindings,
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        const hitsOf = capabilitiesOf(context);
        // Powers per bound subject key, computed once over all bindings.
        const powers = new Map<string, { power: string; binding: Binding }[]>();
        for (const b of model.bindings) {
          if (!b.role) continue;
          const found: string[] = [];
          if (model.rulesOf(b.role).some((r) => isAdminEquivalent(r.rule))) found.push('do anything (cluster-admin equivalent)');
          if (hitsOf(b.role, 'read-secrets').some((h) => h.match === 'all')) found.push(`read Secrets in ${whereOf(b)}`);
          // Cluster-wide, a new pod may run in kube-system and mount any ServiceAccount's token there: a takeover path.
          if (b.scope === '*' && hitsOf(b.role, 'create-workloads').some((h) => h.match === 'all')) found.push('create pods in every namespace (a pod in kube-system can mount any ServiceAccount\'s token)');
          if (hitsOf(b.role, 'escalate-bind').length || hitsOf(b.role, 'impersonate').length) found.push('escalate privileges (escalate/bind/impersonate)');
          if (found.length === 0) continue;
          for (const { subject } of b.subjects) {
            const key = subjectKey(subject);
            let list = powers.get(key);
            if (!list) powers.set(key, (list = []));
            for (const power of found) list.push({ power, binding: b });
          }
        }
        for (const pod of context.inventory.podSpecs) {
          if (!context.isPhi(pod.resource)) continue;
          if (pod.template.spec['automountServiceAccountToken'] === false) continue;
          const name = asString(pod.template.spec['serviceAccountName']) ?? asString(pod.template.spec['serviceAccount']) ?? 'default';
          const sa: Subject = { kind: 'ServiceAccount', name, namespace: pod.namespace };
          const keys = [subjectKey(sa), ...implicitGroups(sa).map((g) => `Group:${g}`)];
          const got = keys.flatMap((k) => powers.get(k) ?? []);
          if (got.length === 0) continue;
          const ps = [...new Set(got.map((g) => g.power))];
          const via = [...new Set(got.map((g) => `${g.binding.kind} ${g.binding.name}`))].slice(0, 3).join(', ');
          context.report({
            resource: pod.resource, path: `${pod.template.path}/spec`, messageId: 'powerful',
            data: { kind: pod.resource.ref.kind, name: pod.resource.ref.name, sa: `${pod.namespace}/${name}`, powers: ps.join('; '), via },
          });
        }
      },
    };
  },
});
