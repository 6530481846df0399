import { defineRule } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';
import { asObject, asString, labelsOf } from '../../core/resource.js';
import { cronIntervalHours } from '../support/cron-interval.js';

const FAILED = new Set(['Failed', 'PartiallyFailed', 'FailedValidation']);

function statusOf(r: KubeResource): Record<string, unknown> {
  return asObject(r.object['status']) ?? {};
}

function startedAt(b: KubeResource): number {
  const s = statusOf(b);
  return Date.parse(asString(s['startTimestamp']) ?? asString(asObject(b.object['metadata'])?.['creationTimestamp']) ?? '') || 0;
}

export default defineRule({
  meta: {
    id: 'HK-CP-003',
    slug: 'recent-successful-backup',
    needs: 'Velero Schedules with their Backups and status, as a cluster holds them (phiguard scan --cluster)',
    kinds: ['Schedule', 'Backup'],
    marksEvaluated: true,
    messages: {
      failed: 'The latest backup of Schedule "{{schedule}}", Backup "{{backup}}", ended {{phase}}{{why}}: the data it should protect has no fresh copy.',
      stale: 'Schedule "{{schedule}}" ({{cron}}) has no Completed backup since {{since}}, more than twice its interval ({{hours}}h) ago.',
      never: 'Schedule "{{schedule}}" ({{cron}}) has never completed a backup.',
    },
  },
  create(context) {
    const now = Date.parse(context.config.now);
    return {
      end() {
        const schedules = context.inventory.ofKind('Schedule').filter((r) => r.ref.apiVersion.startsWith('velero.io/'));
        const backups = context.inventory.ofKind('Backup').filter((r) => r.ref.apiVersion.startsWith('velero.io/'));
        for (const s of schedules) {
          const cron = asString(asObject(s.object['spec'])?.['schedule']) ?? '';
          const hours = cronIntervalHours(cron);
          const own = backups.filter((b) => labelsOf(b)['velero.io/schedule-name'] === s.ref.name && b.ref.namespace === s.ref.namespace).sort((a, b) => startedAt(b) - startedAt(a));
          const lastBackup = Date.parse(asString(statusOf(s)['lastBackup']) ?? '');
          // A Schedule without status is a manifest, not a cluster object: its history is unknown here.
          if (own.length === 0 && Number.isNaN(lastBackup) && asObject(s.object['status']) === undefined) continue;
          context.markEvaluated();
          const latest = own[0];
          const phase = latest ? asString(statusOf(latest)['phase']) ?? '' : '';
          if (latest && FAILED.has(phase)) {
            const errors = Number(statusOf(latest)['errors'] ?? 0);
            context.report({ resource: latest, path: '/status/phase', messageId: 'failed', phi: true,
              data: { schedule: s.ref.name, backup: latest.ref.name, phase, why: errors > 0 ? ` with ${errors} errors` : '' } });
            continue;
          }
          const completed = own.filter((b) => asString(statusOf(b)['phase']) === 'Completed')
            .map((b) => Date.parse(asString(statusOf(b)['completionTimestamp']) ?? '') || startedAt(b));
          const last = Math.max(...completed, own.length === 0 && !Number.isNaN(lastBackup) ? lastBackup : 0);
          if (last === 0) {
            context.report({ resource: s, path: '/status', messageId: 'never', data: { schedule: s.ref.name, cron }, phi: true });
          } else if (hours !== undefined && now - last > 2 * hours * 3_600_000) {
            context.report({ resource: s, path: '/status/lastBackup', messageId: 'stale', phi: true,
              data: { schedule: s.ref.name, cron, since: new Date(last).toISOString(), hours: String(hours) } });
          }
        }
      },
    };
  },
});
