import { RBAC_KINDS } from '../../core/kinds.js';
import { defineRule } from '../../core/rule.js';
import { describeSubject, subjectKey } from '../../analysis/rbac/model.js';
import { GRANT_MESSAGES, hasGrantInput, reportCapabilityGrants } from '../support/capability-grants.js';

export default defineRule({
  meta: {
    id: 'HK-AC-004',
    slug: 'secret-read-access',
    needs: 'RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding)',
    reads: RBAC_KINDS,
    messages: GRANT_MESSAGES,
  },
  evaluates: hasGrantInput,
  create(context) {
    // Allow-listed readers may be named as "ServiceAccount:ns/name", "User:name" or as printed in findings.
    const allowed = new Set(context.config.secretReaders);
    return {
      end() {
        reportCapabilityGrants(context, {
          caps: ['read-secrets'],
          // A get limited by resourceNames to named Secrets is the least privilege this control asks for, not a finding.
          filter: (hits) => hits.filter((h) => h.match === 'all'),
          exempt: (s) => allowed.has(subjectKey(s)) || allowed.has(describeSubject(s)) || allowed.has(s.name),
        });
      },
    };
  },
});
