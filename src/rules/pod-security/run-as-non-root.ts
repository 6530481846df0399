import { defineRule } from '../../core/rule.js';
import { containerSecurityContext, ownerOf, podSecurityContext, podSpecPath, setFieldOp } from '../support/security-context.js';

export default defineRule({
  meta: {
    id: 'HK-PS-008',
    slug: 'run-as-non-root',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      notRequired: 'Container "{{name}}" of {{owner}} may run as root: runAsNonRoot is not true at container or pod level.',
      overridden: 'Container "{{name}}" of {{owner}} sets runAsNonRoot: false, overriding the pod\'s runAsNonRoot: true.',
      rootUser: '{{where}} of {{owner}} sets runAsUser: 0 (root).',
      userNotEnforced: 'Container "{{name}}" of {{owner}} runs as UID {{uid}}, but runAsNonRoot is not true, so admission cannot enforce non-root (a changed runAsUser or image would run as root unchecked).',
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        const sc = podSecurityContext(pod);
        // PSS checks runAsUser at each level on its own: a pod-level 0 fails even if every container overrides it.
        if (sc?.['runAsUser'] === 0) {
          context.report({ resource: pod.resource, path: `${podSpecPath(pod)}/securityContext/runAsUser`, messageId: 'rootUser',
            data: { where: 'The pod securityContext', owner: ownerOf(pod) } });
        }
      },
      container(c) {
        const sc = containerSecurityContext(c);
        const data = { name: c.name, owner: ownerOf(c.pod) };
        if (sc?.['runAsUser'] === 0) {
          context.report({ resource: c.pod.resource, path: `${c.path}/securityContext/runAsUser`, messageId: 'rootUser',
            data: { where: `Container "${c.name}"`, owner: ownerOf(c.pod) } });
        }
        const own = sc?.['runAsNonRoot'];
        const pod = podSecurityContext(c.pod)?.['runAsNonRoot'];
        if (own === true) return;
        const fix = { description: `set runAsNonRoot: true on container "${c.name}"`,
          patch: [setFieldOp(c.path, c.container, ['securityContext', 'runAsNonRoot'], true)] };
        if (own === false && pod === true) {
          context.report({ resource: c.pod.resource, path: `${c.path}/securityContext/runAsNonRoot`, messageId: 'overridden', data, fix });
          return;
        }
        if (own === undefined && pod === true) return;
        const uid = sc?.['runAsUser'] ?? podSecurityContext(c.pod)?.['runAsUser'];
        // A non-zero UID is evidence the container does not run as root; what is missing is only the admission guarantee.
        if (typeof uid === 'number' && uid > 0 && own !== false) {
          context.report({ resource: c.pod.resource, path: sc ? `${c.path}/securityContext` : c.path, messageId: 'userNotEnforced',
            data: { ...data, uid }, severity: 'low', fix });
          return;
        }
        context.report({
          resource: c.pod.resource,
          path: own !== undefined ? `${c.path}/securityContext/runAsNonRoot` : sc ? `${c.path}/securityContext` : c.path,
          messageId: 'notRequired',
          data,
          fix,
        });
      },
    };
  },
});
