import { defineRule } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { matchesSelector } from '../../core/selector.js';

/** Webhooks that enforce security policy, by configuration name, webhook name or service namespace. */
const SECURITY = /kyverno|gatekeeper|policy\.sigstore\.dev|policy-controller|phiguard|kubewarden|opa/;

function isSecurityWebhook(config: KubeResource, hook: Record<string, unknown>): boolean {
  const service = asObject(asObject(hook['clientConfig'])?.['service']);
  return SECURITY.test(config.ref.name) || SECURITY.test(asString(hook['name']) ?? '') || SECURITY.test(asString(service?.['namespace']) ?? '');
}

export default defineRule({
  meta: {
    id: 'HK-IN-005',
    slug: 'webhooks-fail-closed',
    needs: 'ValidatingWebhookConfigurations or MutatingWebhookConfigurations of policy engines (Kyverno, Gatekeeper, policy-controller)',
    kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
    marksEvaluated: true,
    messages: {
      failOpen: 'Webhook "{{hook}}" of {{kind}} "{{config}}" has failurePolicy: Ignore{{where}}: when the policy engine is down, PHI workloads are admitted unchecked.',
      exempt: 'Webhook "{{hook}}" of {{kind}} "{{config}}" skips PHI namespace {{namespace}} (its namespaceSelector excludes it).',
    },
  },
  evaluatesResource: (r) => asArray(r.object['webhooks']).some((h) => {
    const hook = asObject(h);
    return hook !== undefined && isSecurityWebhook(r, hook);
  }),
  create(context) {
    return {
      resource(r) {
        const phiNamespaces = [...context.inventory.scope.namespaces.values()].filter((n) => context.inventory.scope.namespaceLevel(n.name) === 'phi').map((n) => n.name);
        asArray(r.object['webhooks']).forEach((h, i) => {
          const hook = asObject(h);
          if (!hook || !isSecurityWebhook(r, hook)) return;
          const selector = hook['namespaceSelector'];
          const labelsOfNs = (ns: string): Readonly<Record<string, string>> => {
            const obj = context.inventory.get('Namespace', undefined, ns);
            return { 'kubernetes.io/metadata.name': ns, ...(asObject(asObject(obj?.object['metadata'])?.['labels']) as Record<string, string> | undefined) };
          };
          const covers = (ns: string): boolean => selector === undefined || matchesSelector(selector, labelsOfNs(ns));
          const name = asString(hook['name']) ?? `#${i}`;
          const base = { hook: name, kind: r.ref.kind, config: r.ref.name };
          if (hook['failurePolicy'] === 'Ignore') {
            // An Ignore entry confined to non-PHI namespaces (e.g. phiguard's own webhook) fails open only where no PHI lives.
            const phiCovered = phiNamespaces.length === 0 ? context.inventory.scope.undeclared : phiNamespaces.some(covers);
            if (phiCovered || selector === undefined) {
              context.report({ resource: r, path: `/webhooks/${i}/failurePolicy`, messageId: 'failOpen', phi: true,
                data: { ...base, where: phiNamespaces.length > 0 ? ` for PHI namespaces (${phiNamespaces.filter(covers).join(', ') || 'all'})` : '' },
                fix: { description: 'fail closed', patch: [{ op: 'replace', path: `/webhooks/${i}/failurePolicy`, value: 'Fail' }] } });
            }
            return;
          }
          for (const ns of phiNamespaces) {
            if (!covers(ns) && !asArray(r.object['webhooks']).some((o) => asObject(o)?.['failurePolicy'] !== 'Ignore' && o !== h && matchesSelector(asObject(o)?.['namespaceSelector'] ?? {}, labelsOfNs(ns)))) {
              context.report({ resource: r, path: `/webhooks/${i}/namespaceSelector`, messageId: 'exempt', phi: true, data: { ...base, namespace: ns } });
            }
          }
        });
      },
    };
  },
});
