import { defineRule } from '../../core/rule.js';
import { auditRules, isHumanGroup, isHumanUser } from '../../controlplane/audit-policy.js';
import { auditPoliciesFor } from '../support/audit-policies.js';

/** Resources whose requests carry no PHI and whose volume justifies silencing them. */
const BENIGN = new Set(['events', 'endpoints', 'endpointslices', 'leases', 'nodes/status', 'pods/status', 'componentstatuses']);

export default defineRule({
  meta: {
    id: 'HK-AU-005',
    slug: 'audit-phi-not-excluded',
    needs: 'the audit Policy named by --audit-policy-file (e.g. /etc/kubernetes/audit-policy.yaml)',
    messages: {
      namespace: 'Audit rule #{{rule}} (level None) silences PHI namespace {{names}}.',
      humans: 'Audit rule #{{rule}} (level None) silences {{who}}, so what people do is not recorded.',
    },
  },
  create(context) {
    return {
      end() {
        const scope = context.inventory.scope;
        for (const policy of auditPoliciesFor(context)) {
          for (const r of auditRules(policy)) {
            if (r.level !== 'None') continue;
            if (r.resources.length === 0 && r.namespaces.length === 0 && r.nonResourceURLs.length > 0) continue;
            const benign = r.resources.length > 0 && r.resources.every((g) => g.resources.length > 0 && g.resources.every((x) => BENIGN.has(x)));
            if (benign) continue;
            const phiNs = r.namespaces.filter((n) => n !== '' && scope.namespaceLevel(n) === 'phi' && !['kube-system', 'kube-public', 'kube-node-lease'].includes(n));
            if (phiNs.length > 0) context.report({ resource: policy, path: `${r.path}/namespaces`, messageId: 'namespace', data: { rule: r.index + 1, names: phiNs.join(', ') }, phi: true });
            const who = [...r.users.filter(isHumanUser).map((u) => `user ${u}`), ...r.userGroups.filter((g) => isHumanGroup(g) || context.config.breakGlassGroups.includes(g)).map((g) => `group ${g}`)];
            if (who.length > 0) context.report({ resource: policy, path: r.userGroups.length > 0 ? `${r.path}/userGroups` : `${r.path}/users`, messageId: 'humans', data: { rule: r.index + 1, who: who.join(', ') }, phi: true });
          }
        }
      },
    };
  },
});
