import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString, labelsOf } from '../../core/resource.js';
import { matchesSelector } from '../../core/selector.js';
import { podPolicyEnforcers } from '../../analysis/admission/enforcers.js';
import { hasPhiNamespaces, phiNamespaces } from '../support/namespaces.js';
import { podSecurityLabelCause } from '../../core/causes.js';

const ENGINE = /kyverno|gatekeeper|policy\.sigstore|phiguard/i;

export default defineRule({
  meta: {
    id: 'HK-PS-014',
    slug: 'policy-engine-enforcing',
    needs: 'PHI namespaces with their Pod Security labels, and admission policies (Kyverno, Gatekeeper, ValidatingAdmissionPolicy)',
    messages: {
      none: 'Nothing enforces pod rules in PHI namespace "{{ns}}": no pod-security.kubernetes.io/enforce label, no Kyverno Enforce rule, Gatekeeper deny constraint or ValidatingAdmissionPolicy Deny binding.',
      failOpen: 'Webhook "{{webhook}}" of {{config}} uses failurePolicy {{policy}}: when the policy engine is down, pods are admitted unchecked.',
      exempts: 'Webhook "{{webhook}}" of {{config}} has a namespaceSelector that leaves out PHI namespace(s) {{ns}}.',
    },
  },
  evaluates: hasPhiNamespaces,
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        const phi = phiNamespaces(inv);
        const enforcers = podPolicyEnforcers(inv);
        const nsObjs = new Map(inv.ofKind('Namespace').map((n) => [n.ref.name, n]));
        for (const ns of phi) {
          const obj = nsObjs.get(ns);
          if (obj && labelsOf(obj)['pod-security.kubernetes.io/enforce'] !== undefined) continue;
          if (enforcers.some((e) => e.covers(ns))) continue;
          const target = obj ?? inv.inNamespace(ns)[0];
          if (!target) continue;
          context.report({ resource: target, path: obj ? '/metadata/labels' : '', messageId: 'none', data: { ns }, phi: true, cause: podSecurityLabelCause(ns) });
        }
        for (const cfg of inv.ofKind('ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration')) {
          if (!ENGINE.test(cfg.ref.name)) continue;
          asArray(cfg.object['webhooks']).forEach((w, i) => {
            const o = asObject(w) ?? {};
            const name = asString(o['name']) ?? `#${i}`;
            const data = { webhook: name, config: `${cfg.ref.kind} ${cfg.ref.name}` };
            const policy = asString(o['failurePolicy']) ?? 'Fail';
            if (policy === 'Ignore' && cfg.ref.kind === 'ValidatingWebhookConfiguration') {
              context.report({ resource: cfg, path: `/webhooks/${i}/failurePolicy`, messageId: 'failOpen', data: { ...data, policy }, phi: true,
                fix: { description: 'fail closed', patch: [{ op: 'replace', path: `/webhooks/${i}/failurePolicy`, value: 'Fail' }] } });
            }
            const sel = o['namespaceSelector'];
            if (sel === undefined) return;
            const left = phi.filter((ns) => !matchesSelector(sel, { ...(nsObjs.get(ns) ? labelsOf(nsObjs.get(ns) as NonNullable<ReturnType<typeof nsObjs.get>>) : {}), 'kubernetes.io/metadata.name': ns }));
            if (left.length) context.report({ resource: cfg, path: `/webhooks/${i}/namespaceSelector`, messageId: 'exempts', data: { ...data, ns: left.join(', ') }, phi: true });
          });
        }
      },
    };
  },
});
