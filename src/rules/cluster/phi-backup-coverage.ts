import { defineRule } from '../../core/rule.js';
import { covers, otherBackupPresent, veleroSchedules } from '../../analysis/backup/velero.js';
import { hasPhiNamespaces, namespaceAnchor, phiNamespaces } from '../support/namespaces.js';

export default defineRule({
  meta: {
    id: 'HK-CP-001',
    slug: 'phi-backup-coverage',
    needs: 'PHI namespaces and backup schedules (Velero Schedule, Kasten Policy, ...)',
    messages: {
      uncovered: 'PHI namespace "{{ns}}" is not included in any backup schedule in the input{{detail}}.',
    },
  },
  evaluates: hasPhiNamespaces,
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        const phi = phiNamespaces(inv);
        // Another backup product is present: its coverage is not modelled, so do not claim a gap.
        if (otherBackupPresent(inv)) return;
        const schedules = veleroSchedules(inv);
        for (const ns of phi) {
          if (schedules.some((s) => covers(s, ns))) continue;
          const anchor = namespaceAnchor(inv, ns);
          if (!anchor) continue;
          const excludedBy = schedules.filter((s) => s.excluded.includes(ns)).map((s) => s.resource.ref.name);
          context.report({ resource: anchor.resource, path: anchor.viaNamespace ? '/metadata/name' : '', messageId: 'uncovered', phi: true,
            data: { ns, detail: excludedBy.length ? ` (excluded by Schedule ${excludedBy.join(', ')})` : schedules.length ? ` (${schedules.length} Schedule(s) list other namespaces)` : ' (no Velero Schedule at all)' } });
        }
      },
    };
  },
});
