import { defineRule } from '../../core/rule.js';
import { asObject, asString, stringMap } from '../../core/resource.js';
import { durationHours, veleroSchedules } from '../../analysis/backup/velero.js';

const MIN_TTL_HOURS = 720;

export default defineRule({
  meta: {
    id: 'HK-CP-004',
    slug: 'backup-off-cluster',
    needs: 'Velero BackupStorageLocations and Schedules',
    marksEvaluated: true,
    kinds: ['BackupStorageLocation'],
    messages: {
      inCluster: 'BackupStorageLocation "{{name}}" stores backups at {{url}}, inside the cluster: a cluster loss takes the backups with it.',
      shortTtl: 'Schedule "{{name}}" keeps backups for {{ttl}}, less than the 30-day (720h) minimum.',
    },
  },
  evaluatesResource: (r) => r.ref.apiVersion.startsWith('velero.io/'),
  evaluates: (context) => veleroSchedules(context.inventory).length > 0,
  create(context) {
    return {
      resource(r) {
        if (!r.ref.apiVersion.startsWith('velero.io/')) return;
        const config = stringMap(asObject(asObject(r.object['spec'])?.['config']));
        const url = config['s3Url'] ?? config['publicUrl'];
        if (url && /\.svc(\.|:|\/|$)|cluster\.local|^https?:\/\/(localhost|127\.|10\.|192\.168\.)/.test(url)) {
          context.report({ resource: r, path: '/spec/config/s3Url', messageId: 'inCluster', data: { name: r.ref.name, url }, phi: true });
        }
      },
      end() {
        for (const s of veleroSchedules(context.inventory)) {
          const ttl = s.ttl ?? asString(asObject(asObject(s.resource.object['spec'])?.['template'])?.['ttl']);
          const hours = ttl ? durationHours(ttl) : undefined;
          if (ttl && hours !== undefined && hours < MIN_TTL_HOURS) {
            context.report({ resource: s.resource, path: '/spec/template/ttl', messageId: 'shortTtl', data: { name: s.resource.ref.name, ttl }, phi: true,
              fix: { description: 'keep backups for at least 30 days', patch: [{ op: 'replace', path: '/spec/template/ttl', value: '720h0m0s' }] } });
          }
        }
      },
    };
  },
});
