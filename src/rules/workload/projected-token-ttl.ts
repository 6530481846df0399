import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';

export default defineRule({
  meta: {
    id: 'HK-LO-003',
    slug: 'projected-token-ttl',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      tooLong: '{{kind}} "{{name}}" volume "{{volume}}" requests a ServiceAccount token valid for {{seconds}}s, longer than the {{max}}s allowed (thresholds.projectedTokenMaxSeconds).',
    },
  },
  create(context) {
    const max = context.config.thresholds.projectedTokenMaxSeconds;
    return {
      podSpec(p) {
        asArray(p.template.spec['volumes']).forEach((rawVolume, i) => {
          const volume = asObject(rawVolume);
          asArray(asObject(volume?.['projected'])?.['sources']).forEach((rawSource, j) => {
            const token = asObject(asObject(rawSource)?.['serviceAccountToken']);
            const raw = token?.['expirationSeconds'];
            const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
            if (seconds === undefined || seconds <= max) return;
            const path = `${p.template.path}/spec/volumes/${i}/projected/sources/${j}/serviceAccountToken/expirationSeconds`;
            context.report({
              resource: p.resource,
              path,
              messageId: 'tooLong',
              data: { kind: p.resource.ref.kind, name: p.resource.ref.name, volume: asString(volume?.['name']) ?? `#${i}`, seconds, max },
              fix: { description: `Limit the token lifetime to ${max}s; the kubelet refreshes it before it expires`, patch: [{ op: 'replace', path, value: max }] },
            });
          });
        });
      },
    };
  },
});
