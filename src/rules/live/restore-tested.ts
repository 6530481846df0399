import { defineRule } from '../../core/rule.js';
import { asObject, asString } from '../../core/resource.js';

const MAX_DAYS = 180;

export default defineRule({
  meta: {
    id: 'HK-CP-005',
    slug: 'restore-tested',
    needs: 'Velero Schedules or Backups with the Restores a cluster holds (phiguard scan --cluster)',
    kinds: ['Schedule', 'Backup', 'Restore'],
    marksEvaluated: true,
    messages: {
      untested: 'Backups run (Schedule "{{schedule}}") but no Velero Restore has completed in the last {{days}} days{{last}}: nobody knows the backups can be restored.',
    },
  },
  evaluates: (context) => context.inventory.ofKind('Backup', 'Schedule')
    .some((r) => r.ref.apiVersion.startsWith('velero.io/') && (r.ref.kind === 'Backup' || asObject(r.object['status']) !== undefined)),
  create(context) {
    const now = Date.parse(context.config.now);
    return {
      end() {
        const velero = (kind: string): ReturnType<typeof context.inventory.ofKind> => context.inventory.ofKind(kind).filter((r) => r.ref.apiVersion.startsWith('velero.io/'));
        const schedules = velero('Schedule');
        const backups = velero('Backup');
        // Backup history (status, Backup objects) shows a cluster read; bare manifests say nothing about restores done.
        const live = backups.length > 0 || schedules.some((s) => asObject(s.object['status']) !== undefined);
        if (!live) return;
        const done = velero('Restore').filter((r) => asString(asObject(r.object['status'])?.['phase']) === 'Completed')
          .map((r) => Date.parse(asString(asObject(r.object['status'])?.['completionTimestamp']) ?? asString(asObject(r.object['metadata'])?.['creationTimestamp']) ?? '') || 0);
        const latest = Math.max(0, ...done);
        if (now - latest <= MAX_DAYS * 86_400_000) return;
        const anchor = schedules[0] ?? backups[0];
        if (!anchor) return;
        context.report({ resource: anchor, path: '', messageId: 'untested', phi: true,
          data: { schedule: schedules[0]?.ref.name ?? `none; Backup ${anchor.ref.name}`, days: MAX_DAYS, last: latest > 0 ? ` (the last on ${new Date(latest).toISOString().slice(0, 10)})` : '' } });
      },
    };
  },
});
