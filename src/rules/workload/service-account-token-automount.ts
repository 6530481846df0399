import { defineRule } from '../../core/rule.js';
import { serviceAccountCause } from '../../core/causes.js';
import { findServiceAccount, isBound, serviceAccountBindings, serviceAccountOf } from '../support/service-accounts.js';

export default defineRule({
  meta: {
    id: 'HK-AC-011',
    slug: 'service-account-token-automount',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      podTrue: '{{kind}} "{{name}}" sets automountServiceAccountToken: true (overriding its ServiceAccount "{{sa}}"), yet no RoleBinding or ClusterRoleBinding in the input grants "{{sa}}" anything: the mounted API token is not needed.',
      defaulted: '{{kind}} "{{name}}" gets an API token mounted: neither the pod nor its ServiceAccount "{{sa}}"{{saState}} sets automountServiceAccountToken: false, and no RoleBinding or ClusterRoleBinding in the input grants "{{sa}}" anything.',
    },
  },
  create(context) {
    return {
      podSpec(p) {
        const podSetting = p.template.spec['automountServiceAccountToken'];
        if (podSetting === false) return;
        const sa = serviceAccountOf(p.template.spec);
        const saObject = findServiceAccount(context.inventory, p.namespace, sa.name);
        // The pod's own setting wins; only when it is unset does the ServiceAccount's apply.
        if (podSetting !== true && saObject?.object['automountServiceAccountToken'] === false) return;
        if (isBound(serviceAccountBindings(context.inventory, context.models), p.namespace, sa.name)) return;
        const path = `${p.template.path}/spec/automountServiceAccountToken`;
        context.report({
          resource: p.resource,
          path: podSetting === undefined ? `${p.template.path}/spec` : path,
          messageId: podSetting === true ? 'podTrue' : 'defaulted',
          data: { kind: p.resource.ref.kind, name: p.resource.ref.name, sa: sa.name, saState: saObject ? '' : ' (not in the input)' },
          // Left to the ServiceAccount, the token is its cause: one setting on it fixes every pod that uses it.
          ...(podSetting !== true ? { cause: serviceAccountCause(p.namespace, sa.name) } : {}),
          fix: { description: 'Do not mount a ServiceAccount token into this pod', patch: [{ op: 'add', path, value: false }] },
        });
      },
    };
  },
});
