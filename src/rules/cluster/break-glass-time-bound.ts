import { defineRule } from '../../core/rule.js';
import { annotationsOf } from '../../core/resource.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { isBreakGlass } from '../../analysis/rbac/grants.js';
import { describeSubject } from '../../analysis/rbac/model.js';

export default defineRule({
  meta: {
    id: 'HK-EA-002',
    slug: 'break-glass-time-bound',
    needs: 'break-glass ClusterRoleBindings (label phiguard.dev/break-glass)',
    messages: {
      standing: 'Break-glass binding "{{binding}}" has no phiguard.dev/expires (or approved-until) annotation: emergency access is standing, not time-bound.',
      expired: 'Break-glass binding "{{binding}}" expired at {{expires}} but is still present.',
      individual: 'Break-glass binding "{{binding}}" names {{subject}} directly: emergency membership should be granted and revoked in the group, not in the binding.',
    },
  },
  evaluates: (context) => rbacOf(context).bindings.some(isBreakGlass),
  create(context) {
    return {
      end() {
        const glass = rbacOf(context).bindings.filter(isBreakGlass);
        const now = Date.parse(context.config.now);
        for (const b of glass) {
          const ann = annotationsOf(b.resource);
          const expires = ann['phiguard.dev/expires'] ?? ann['phiguard.dev/approved-until'];
          if (expires === undefined) context.report({ resource: b.resource, path: '/metadata', messageId: 'standing', data: { binding: b.name }, phi: true });
          else if (!(Date.parse(expires) > now)) context.report({ resource: b.resource, path: '/metadata/annotations', messageId: 'expired', data: { binding: b.name, expires }, phi: true });
          for (const { subject, index } of b.subjects) {
            if (subject.kind !== 'Group') context.report({ resource: b.resource, path: `/subjects/${index}`, messageId: 'individual', data: { binding: b.name, subject: describeSubject(subject) }, phi: true });
          }
        }
      },
    };
  },
});
