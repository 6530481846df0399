import { defineRule } from '../../core/rule.js';
import { annotationsOf } from '../../core/resource.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { isBreakGlass } from '../../analysis/rbac/grants.js';
import { describeSubject } from '../../analysis/rbac/model.js';

export default defineRule({
  meta: {
    id: 'HK-EA-001',
    slug: 'break-glass-defined',
    needs: 'ClusterRoleBindings (the emergency access path)',
    messages: {
      missing: 'No ClusterRoleBinding is labelled phiguard.dev/break-glass: "true": there is no declared emergency access path to PHI.',
      notGroup: 'Break-glass binding "{{binding}}" grants to {{subject}}; it should grant only to a dedicated group{{groups}}.',
      undocumented: 'Break-glass binding "{{binding}}" lacks the {{missing}} annotation(s): who owns it and which procedure governs its use.',
    },
  },
  evaluates: (context) => rbacOf(context).bindings.some((b) => b.kind === 'ClusterRoleBinding'),
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        const crbs = model.bindings.filter((b) => b.kind === 'ClusterRoleBinding');
        const glass = crbs.filter(isBreakGlass);
        if (glass.length === 0) {
          context.report({ path: '', messageId: 'missing', phi: true });
          return;
        }
        const designated = context.config.breakGlassGroups;
        for (const b of glass) {
          for (const { subject, index } of b.subjects) {
            const ok = subject.kind === 'Group' && (designated.length === 0 || designated.includes(subject.name));
            if (!ok) context.report({ resource: b.resource, path: `/subjects/${index}`, messageId: 'notGroup', phi: true,
              data: { binding: b.name, subject: describeSubject(subject), groups: designated.length ? ` (${designated.join(', ')})` : '' } });
          }
          const ann = annotationsOf(b.resource);
          const missing = ['phiguard.dev/owner', 'phiguard.dev/procedure'].filter((k) => !ann[k]);
          if (missing.length) context.report({ resource: b.resource, path: '/metadata', messageId: 'undocumented', data: { binding: b.name, missing: missing.join(', ') }, phi: true });
        }
      },
    };
  },
});
