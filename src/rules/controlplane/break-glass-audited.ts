import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString, labelsOf } from '../../core/resource.js';
import type { AuditEventClass } from '../../controlplane/audit-policy.js';
import { auditRules, decide, HIPAA_EVENT_CLASSES, levelRank, policyOmitStages, requestsOf } from '../../controlplane/audit-policy.js';
import { auditPoliciesFor, phiNamespacesOf } from '../support/audit-policies.js';

const READ_PODS: AuditEventClass = { label: 'Pod reads', verbs: ['get', 'list'], group: '', resource: 'pods', namespaced: true };

export default defineRule({
  meta: {
    id: 'HK-EA-003',
    slug: 'break-glass-audited',
    needs: 'the audit Policy (--audit-policy-file) and the break-glass group (breakGlassGroups in config, or a ClusterRoleBinding labelled phiguard.dev/break-glass=true)',
    messages: {
      underLogged: 'Break-glass group "{{group}}" is logged at {{levels}} for {{events}}; emergency access must be recorded at RequestResponse (what was done and what came back).',
    },
  },
  create(context) {
    return {
      end() {
        const groups = new Set(context.config.breakGlassGroups);
        for (const b of context.inventory.ofKind('ClusterRoleBinding')) {
          if (labelsOf(b)['phiguard.dev/break-glass'] !== 'true') continue;
          for (const s of asArray(b.object['subjects'])) {
            const o = asObject(s);
            if (asString(o?.['kind']) === 'Group') groups.add(asString(o?.['name']) ?? '');
          }
        }
        groups.delete('');
        const policies = auditPoliciesFor(context);
        if (groups.size === 0) {
          if (policies.length > 0) context.notEvaluated?.('not evaluated: no break-glass group is known; set breakGlassGroups in config or label the break-glass ClusterRoleBinding phiguard.dev/break-glass=true');
          return;
        }
        const namespaces = phiNamespacesOf(context);
        // Secrets stay at Metadata even for break-glass (HK-AU-004); everything else must be RequestResponse.
        const classes = [READ_PODS, ...HIPAA_EVENT_CLASSES.filter((c) => !c.secretPayload)];
        for (const policy of policies) {
          const rules = auditRules(policy);
          const omit = policyOmitStages(policy);
          for (const group of groups) {
            const user = { name: 'phiguard-break-glass-user', groups: ['system:authenticated', group] };
            const weak = new Map<number, { levels: Set<string>; events: Set<string> }>();
            for (const cls of classes) {
              for (const req of requestsOf(cls, namespaces, () => [user])) {
                const d = decide(rules, omit, req);
                if (levelRank(d.level) >= 3) continue;
                const key = d.rule?.index ?? -1;
                const w = weak.get(key) ?? { levels: new Set<string>(), events: new Set<string>() };
                w.levels.add(d.level);
                w.events.add(cls.label);
                weak.set(key, w);
              }
            }
            for (const [index, w] of weak) {
              context.report({ resource: policy, path: index >= 0 ? `/rules/${index}` : '/rules', messageId: 'underLogged', data: { group, levels: [...w.levels].join('/') + (index >= 0 ? ` (rule #${index + 1})` : ' (no rule matches)'), events: [...w.events].join(', ') }, phi: true });
            }
          }
        }
      },
    };
  },
});
