import { defineRule } from '../../core/rule.js';
import { asArray, asObject } from '../../core/resource.js';
import { ownerOf } from '../support/security-context.js';

export default defineRule({
  meta: {
    id: 'HK-PS-006',
    slug: 'no-host-ports',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      hostPort: 'Container "{{name}}" of {{owner}} binds host port {{hostPort}} (containerPort {{containerPort}}), reachable on the node\'s address and often outside NetworkPolicy.',
    },
  },
  create(context) {
    return {
      container(c) {
        asArray(c.container['ports']).forEach((p, i) => {
          const port = asObject(p);
          const hostPort = port?.['hostPort'];
          // PSS allows an unset or zero hostPort.
          if (hostPort === undefined || hostPort === null || hostPort === 0 || hostPort === '0') return;
          const path = `${c.path}/ports/${i}/hostPort`;
          context.report({
            resource: c.pod.resource,
            path,
            messageId: 'hostPort',
            data: { name: c.name, owner: ownerOf(c.pod), hostPort: String(hostPort), containerPort: String(port?.['containerPort'] ?? '?') },
            fix: { description: `remove hostPort ${String(hostPort)} from container "${c.name}"; expose it through a Service instead`, patch: [{ op: 'remove', path }] },
          });
        });
      },
    };
  },
});
