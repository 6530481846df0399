import { defineRule } from '../../core/rule.js';
import { asString } from '../../core/resource.js';
import { serviceAccountCause } from '../../core/causes.js';

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController']);

export default defineRule({
  meta: {
    id: 'HK-ID-012',
    slug: 'shared-workload-identity',
    needs: 'workloads in PHI namespaces',
    messages: {
      shared: 'ServiceAccount {{sa}} is shared by {{count}} workloads ({{names}}): API actions in the audit log cannot be tied to one workload.',
    },
  },
  evaluates: (context) => context.inventory.podSpecs.some((pod) => CONTROLLERS.has(pod.resource.ref.kind)),
  create(context) {
    return {
      end() {
        const groups = new Map<string, (typeof context.inventory.podSpecs)[number][]>();
        for (const pod of context.inventory.podSpecs) {
          if (!CONTROLLERS.has(pod.resource.ref.kind)) continue;
          if (!context.isPhi(pod.resource)) continue;
          const sa = asString(pod.template.spec['serviceAccountName']) ?? asString(pod.template.spec['serviceAccount']) ?? 'default';
          const key = serviceAccountCause(pod.namespace, sa);
          let list = groups.get(key);
          if (!list) groups.set(key, (list = []));
          list.push(pod);
        }
        for (const [key, pods] of groups) {
          if (pods.length < 2) continue;
          const sa = `${pods[0]?.namespace ?? ''}/${asString(pods[0]?.template.spec['serviceAccountName']) ?? asString(pods[0]?.template.spec['serviceAccount']) ?? 'default'}`;
          const names = pods.map((p) => `${p.resource.ref.kind} ${p.resource.ref.name}`);
          for (const p of pods) {
            const hasField = asString(p.template.spec['serviceAccountName']) !== undefined;
            context.report({ resource: p.resource, path: `${p.template.path}/spec${hasField ? '/serviceAccountName' : ''}`, messageId: 'shared',
              data: { sa, count: pods.length, names: names.slice(0, 4).join(', ') + (names.length > 4 ? ` and ${names.length - 4} more` : '') },
              // One shared identity is one cause: one finding, its workloads listed as related.
              cause: key });
          }
        }
      },
    };
  },
});
