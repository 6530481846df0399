import { defineRule } from '../../core/rule.js';
import { covers, veleroSchedules } from '../../analysis/backup/velero.js';

export default defineRule({
  meta: {
    id: 'HK-CP-002',
    slug: 'backup-volume-data',
    needs: 'Velero Schedules covering PHI namespaces',
    messages: {
      noVolumes: 'Schedule "{{name}}" covers PHI namespace(s) {{ns}} with snapshotVolumes: false and no file-system backup: the PHI on volumes is not backed up.',
    },
  },
  evaluates: (context) => veleroSchedules(context.inventory).length > 0,
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        const phi = [...inv.scope.namespaces.keys()].filter((ns) => inv.scope.namespaceLevel(ns) === 'phi');
        for (const s of veleroSchedules(inv)) {
          const hit = phi.filter((ns) => covers(s, ns));
          if (hit.length === 0 || s.snapshotVolumes !== false || s.fsBackup) continue;
          context.report({ resource: s.resource, path: '/spec/template/snapshotVolumes', messageId: 'noVolumes', phi: true, data: { name: s.resource.ref.name, ns: hit.slice(0, 3).join(', ') },
            fix: { description: 'snapshot volumes with each backup', patch: [{ op: 'replace', path: '/spec/template/snapshotVolumes', value: true }] } });
        }
      },
    };
  },
});
