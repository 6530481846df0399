import { defineRule } from '../../core/rule.js';
import { hasBindings } from '../support/capability-grants.js';
import { bindingCause } from '../../core/causes.js';
import { annotationsOf } from '../../core/resource.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { bindingReachesPhi, isPlatformSubject } from '../../analysis/rbac/grants.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

export default defineRule({
  meta: {
    id: 'HK-TM-003',
    slug: 'access-review-metadata',
    needs: 'RBAC bindings that reach PHI namespaces',
    messages: {
      missing: '{{bindingKind}} "{{binding}}" grants access in {{where}} but has no {{missing}} annotation: phiguard finds no record of who owns or last reviewed it (add them, or keep the review record where your access reviews live).',
      stale: '{{bindingKind}} "{{binding}}" was last reviewed {{reviewed}}, more than 365 days before this scan.',
    },
  },
  evaluates: hasBindings,
  create(context) {
    return {
      end() {
        const model = rbacOf(context);
        const now = Date.parse(context.config.now);
        for (const b of model.bindings) {
          if (!bindingReachesPhi(b, context.inventory)) continue;
          if (b.subjects.length > 0 && b.subjects.every((s) => isPlatformSubject(s.subject, b))) continue;
          const ann = annotationsOf(b.resource);
          // phiguard's own annotations are one way to record a review, not the requirement itself: their absence is info.
          const missing = ['phiguard.dev/owner', 'phiguard.dev/reviewed-at'].filter((k) => !ann[k]);
          const data = { bindingKind: b.kind, binding: b.name, where: b.scope === '*' ? 'all namespaces' : `namespace "${b.scope}"` };
          const phi = b.scope === '*' ? { phi: true } : {};
          if (missing.length) context.report({ resource: b.resource, path: '/metadata', messageId: 'missing', data: { ...data, missing: missing.join(' and ') }, ...phi, severity: 'info', advisory: true, cause: bindingCause(b.resource.ref) });
          const reviewed = ann['phiguard.dev/reviewed-at'];
          if (reviewed && !(now - Date.parse(reviewed) <= YEAR_MS)) {
            context.report({ resource: b.resource, path: '/metadata/annotations/phiguard.dev~1reviewed-at', messageId: 'stale', data: { ...data, reviewed }, ...phi, cause: bindingCause(b.resource.ref) });
          }
        }
      },
    };
  },
});
