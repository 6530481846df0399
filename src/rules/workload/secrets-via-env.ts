import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';

export default defineRule({
  meta: {
    id: 'HK-SE-004',
    slug: 'secrets-via-env',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      secretKeyRef: 'Container "{{container}}" reads key "{{key}}" of Secret "{{secret}}" into env {{name}}; environment variables leak into logs, crash dumps and child processes.',
      envFromSecret: 'Container "{{container}}" imports every key of Secret "{{secret}}" as environment variables (envFrom.secretRef).',
    },
  },
  create(context) {
    return {
      container(c) {
        asArray(c.container['env']).forEach((raw, i) => {
          const env = asObject(raw);
          const ref = asObject(asObject(env?.['valueFrom'])?.['secretKeyRef']);
          if (!env || !ref) return;
          context.report({
            resource: c.pod.resource,
            path: `${c.path}/env/${i}/valueFrom/secretKeyRef`,
            messageId: 'secretKeyRef',
            data: { container: c.name, name: asString(env['name']) ?? '?', secret: asString(ref['name']) ?? '?', key: asString(ref['key']) ?? '?' },
          });
        });
        asArray(c.container['envFrom']).forEach((raw, i) => {
          const ref = asObject(asObject(raw)?.['secretRef']);
          if (!ref) return;
          context.report({
            resource: c.pod.resource,
            path: `${c.path}/envFrom/${i}/secretRef`,
            messageId: 'envFromSecret',
            data: { container: c.name, secret: asString(ref['name']) ?? '?' },
          });
        });
      },
    };
  },
});
