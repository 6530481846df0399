import { defineRule } from '../../core/rule.js';
import type { AuditDecision, AuditRule } from '../../controlplane/audit-policy.js';
import { auditRules, connectBlindness, decide, HIPAA_EVENT_CLASSES, humanUser, isCatchAll, levelRank, policyOmitStages, requestsOf, workloadUser } from '../../controlplane/audit-policy.js';
import { auditPoliciesFor, phiNamespacesOf } from '../support/audit-policies.js';

export default defineRule({
  meta: {
    id: 'HK-AU-003',
    slug: 'audit-policy-coverage',
    needs: 'the audit Policy named by --audit-policy-file (e.g. /etc/kubernetes/audit-policy.yaml)',
    messages: {
      hiddenByRule: 'Audit rule #{{rule}} (level None) hides {{events}}{{where}}; it is the first rule that matches them. Policy covers {{covered}} of {{total}} HIPAA event classes.',
      unmatched: 'No audit rule matches {{events}}{{where}}, so they are not logged (an unmatched request is logged at None). Policy covers {{covered}} of {{total}} HIPAA event classes.',
      noCatchAll: 'The audit policy does not end with a catch-all rule at Metadata or above, so requests not listed are not logged.',
      blindExec: 'Audit rule #{{rule}} logs {{events}} but {{why}}.',
    },
  },
  create(context) {
    return {
      end() {
        const namespaces = phiNamespacesOf(context);
        const where = ` in ${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${namespaces.join(', ')}`;
        for (const policy of auditPoliciesFor(context)) {
          const rules = auditRules(policy);
          const omit = policyOmitStages(policy);
          const gaps = new Map<number, Set<string>>();
          const blind = new Map<number, { why: string; events: Set<string> }>();
          let covered = 0;
          for (const cls of HIPAA_EVENT_CLASSES) {
            const decisions: AuditDecision[] = requestsOf(cls, namespaces, (ns) => [humanUser(), workloadUser(ns)]).map((r) => decide(rules, omit, r));
            let ok = true;
            for (const d of decisions) {
              if (levelRank(d.level) < 1) {
                ok = false;
                const key = d.rule?.index ?? -1;
                if (!gaps.has(key)) gaps.set(key, new Set());
                gaps.get(key)?.add(cls.label);
              } else if (cls.longRunning) {
                const why = connectBlindness(d.omitStages);
                if (why && d.rule) {
                  ok = false;
                  const b = blind.get(d.rule.index) ?? { why, events: new Set<string>() };
                  b.events.add(cls.label);
                  blind.set(d.rule.index, b);
                }
              }
            }
            if (ok) covered++;
          }
          const total = HIPAA_EVENT_CLASSES.length;
          const ruleOf = (i: number): AuditRule | undefined => rules[i];
          for (const [index, events] of gaps) {
            const data = { events: [...events].join(', '), where, covered, total };
            if (index < 0) context.report({ resource: policy, path: rules.length > 0 ? '/rules' : '', messageId: 'unmatched', data, phi: true });
            else context.report({ resource: policy, path: ruleOf(index)?.path ?? '/rules', messageId: 'hiddenByRule', data: { ...data, rule: index + 1 }, phi: true });
          }
          for (const [index, b] of blind) {
            context.report({ resource: policy, path: ruleOf(index)?.path ?? '/rules', messageId: 'blindExec', data: { rule: index + 1, events: [...b.events].join(', '), why: b.why }, phi: true });
          }
          const last = rules[rules.length - 1];
          if (!last || !isCatchAll(last) || levelRank(last.level) < 1) context.report({ resource: policy, path: last ? last.path : '', messageId: 'noCatchAll', severity: 'medium', phi: true });
        }
      },
    };
  },
});
