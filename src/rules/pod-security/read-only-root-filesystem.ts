import { defineRule } from '../../core/rule.js';
import { containerSecurityContext, ownerOf } from '../support/security-context.js';

export default defineRule({
  meta: {
    id: 'HK-PS-010',
    slug: 'read-only-root-filesystem',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      writable: 'Container "{{name}}" of {{owner}} sets readOnlyRootFilesystem: false; its image files can be altered at run time.',
      unset: 'Container "{{name}}" of {{owner}} does not set readOnlyRootFilesystem: true; its image files can be altered at run time.',
    },
  },
  create(context) {
    return {
      container(c) {
        const sc = containerSecurityContext(c);
        const value = sc?.['readOnlyRootFilesystem'];
        if (value === true) return;
        // No automatic fix: a read-only root breaks programs that write to /tmp or caches until an emptyDir is mounted there.
        if (value !== undefined) {
          context.report({ resource: c.pod.resource, path: `${c.path}/securityContext/readOnlyRootFilesystem`, messageId: 'writable', data: { name: c.name, owner: ownerOf(c.pod) } });
        } else {
          context.report({ resource: c.pod.resource, path: sc ? `${c.path}/securityContext` : c.path, messageId: 'unset', data: { name: c.name, owner: ownerOf(c.pod) } });
        }
      },
    };
  },
});
