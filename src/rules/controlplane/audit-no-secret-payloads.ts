import { defineRule } from '../../core/rule.js';
import { asObject, asString } from '../../core/resource.js';
import type { AuditEventClass } from '../../controlplane/audit-policy.js';
import { auditRules, decide, HIPAA_EVENT_CLASSES, humanUser, policyOmitStages, requestsOf, workloadUser } from '../../controlplane/audit-policy.js';
import { auditPoliciesFor, phiNamespacesOf } from '../support/audit-policies.js';

export default defineRule({
  meta: {
    id: 'HK-AU-004',
    slug: 'audit-no-secret-payloads',
    needs: 'the audit Policy named by --audit-policy-file (e.g. /etc/kubernetes/audit-policy.yaml)',
    messages: {
      payload: 'Audit rule #{{rule}} logs {{events}} at {{level}}: Secret and ConfigMap values and tokens are copied into the audit log. Log them at exactly Metadata.',
      phiPayload: 'Audit rule #{{rule}} logs {{events}} at RequestResponse: PHI records are copied into the audit log, which must then be protected as a PHI store.',
    },
  },
  create(context) {
    return {
      end() {
        const namespaces = phiNamespacesOf(context);
        // Custom resources defined in the input whose instances may carry PHI.
        const phiCrds: AuditEventClass[] = context.inventory.ofKind('CustomResourceDefinition').flatMap((crd) => {
          const spec = asObject(crd.object['spec']);
          const plural = asString(asObject(spec?.['names'])?.['plural']);
          const group = asString(spec?.['group']);
          if (!plural || !group || !/(fhir|hl7|dicom|ehr|emr|patient|claim|clinical|phi)/i.test(`${group} ${plural}`)) return [];
          return [{ label: `${plural}.${group}`, verbs: ['get', 'create', 'update', 'patch'], group, resource: plural, namespaced: asString(spec?.['scope']) !== 'Cluster' }];
        });
        for (const policy of auditPoliciesFor(context)) {
          const rules = auditRules(policy);
          const omit = policyOmitStages(policy);
          const hits = new Map<number, { level: string; events: Set<string>; phi: boolean }>();
          const classes = [...HIPAA_EVENT_CLASSES.filter((c) => c.secretPayload), ...phiCrds];
          // Secret values in a log are credentials wherever they come from: probe every namespace the policy or the input names, not only PHI ones.
          const everywhere = [...new Set([...namespaces, 'kube-system', 'default', ...rules.flatMap((r) => r.namespaces), ...context.inventory.scope.namespaces.keys()])].sort();
          for (const cls of classes) {
            for (const req of requestsOf(cls, cls.secretPayload ? everywhere : namespaces, (ns) => [humanUser(), workloadUser(ns)])) {
              const d = decide(rules, omit, req);
              const bad = cls.secretPayload ? d.level === 'Request' || d.level === 'RequestResponse' : d.level === 'RequestResponse';
              if (!bad || !d.rule) continue;
              const h = hits.get(d.rule.index) ?? { level: d.level, events: new Set<string>(), phi: !cls.secretPayload };
              h.events.add(cls.label);
              hits.set(d.rule.index, h);
            }
          }
          for (const [index, h] of hits) {
            context.report({ resource: policy, path: `/rules/${index}`, messageId: h.phi ? 'phiPayload' : 'payload', data: { rule: index + 1, events: [...h.events].join(', '), level: h.level }, phi: true });
          }
        }
      },
    };
  },
});
