import { defineRule } from '../../core/rule.js';
import { ownerOf, podSpecPath } from '../support/security-context.js';

const HOST_NAMESPACES = [
  ['hostNetwork', 'network'],
  ['hostPID', 'process (PID)'],
  ['hostIPC', 'IPC'],
] as const;

export default defineRule({
  meta: {
    id: 'HK-PS-004',
    slug: 'no-host-namespaces',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      hostNamespace: '{{owner}} sets {{field}}: true and shares the node\'s {{namespace}} namespace.',
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        for (const [field, namespace] of HOST_NAMESPACES) {
          if (pod.template.spec[field] !== true) continue;
          // No automatic fix: workloads that set these usually need them, so the change is a design decision.
          context.report({
            resource: pod.resource,
            path: `${podSpecPath(pod)}/${field}`,
            messageId: 'hostNamespace',
            data: { owner: ownerOf(pod), field, namespace },
          });
        }
      },
    };
  },
});
