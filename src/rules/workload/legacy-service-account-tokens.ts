import { defineRule } from '../../core/rule.js';
import { annotationsOf, labelsOf, pointerOf } from '../../core/resource.js';

const LAST_USED = 'kubernetes.io/legacy-token-last-used';
const INVALID_SINCE = 'kubernetes.io/legacy-token-invalid-since';
const DAY_MS = 86_400_000;

export default defineRule({
  meta: {
    id: 'HK-LO-004',
    slug: 'legacy-service-account-tokens',
    needs: 'Secrets',
    kinds: ['Secret'],
    messages: {
      legacy: 'Secret "{{name}}" is a legacy, non-expiring token for ServiceAccount "{{sa}}"; nothing records when it was last used.',
      lastUsed: 'Secret "{{name}}" is a legacy, non-expiring token for ServiceAccount "{{sa}}", last used {{date}} ({{age}} days before the scan).',
      invalid: 'Secret "{{name}}" is a legacy token for ServiceAccount "{{sa}}" that the API server invalidated on {{date}}; delete it.',
    },
  },
  create(context) {
    const now = Date.parse(context.config.now);
    return {
      resource(r) {
        if (r.object['type'] !== 'kubernetes.io/service-account-token') return;
        const labels = labelsOf(r);
        const data = { name: r.ref.name, sa: annotationsOf(r)['kubernetes.io/service-account.name'] ?? '?' };
        const remediation = 'Delete the Secret and let pods use projected, expiring tokens (the default since 1.24); where a long-lived credential is unavoidable, request a bound token with kubectl create token --duration.';
        const invalid = labels[INVALID_SINCE];
        if (invalid !== undefined) {
          // Already unusable: hygiene rather than a live credential.
          context.report({ resource: r, path: pointerOf(['metadata', 'labels', INVALID_SINCE]), messageId: 'invalid', data: { ...data, date: invalid }, severity: 'low', remediation });
          return;
        }
        const used = labels[LAST_USED];
        const usedAt = used !== undefined ? Date.parse(used) : NaN;
        if (used !== undefined && !Number.isNaN(usedAt)) {
          const age = Math.max(0, Math.floor((now - usedAt) / DAY_MS));
          context.report({ resource: r, path: pointerOf(['metadata', 'labels', LAST_USED]), messageId: 'lastUsed', data: { ...data, date: used, age }, remediation });
          return;
        }
        context.report({ resource: r, path: '', messageId: 'legacy', data, remediation });
      },
    };
  },
});
