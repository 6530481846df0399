import { defineRule } from '../../core/rule.js';
import { containerSecurityContext, ownerOf } from '../support/security-context.js';

export default defineRule({
  meta: {
    id: 'HK-PS-003',
    slug: 'no-privileged-containers',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      privileged: 'Container "{{name}}" of {{owner}} runs privileged: it has every capability and the host\'s devices.',
    },
  },
  create(context) {
    return {
      container(c) {
        if (containerSecurityContext(c)?.['privileged'] !== true) return;
        const path = `${c.path}/securityContext/privileged`;
        context.report({
          resource: c.pod.resource,
          path,
          messageId: 'privileged',
          data: { name: c.name, owner: ownerOf(c.pod) },
          fix: { description: `set privileged: false on container "${c.name}"`, patch: [{ op: 'replace', path, value: false }] },
        });
      },
    };
  },
});
