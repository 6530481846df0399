import { asArray, asObject, asString } from '../../core/resource.js';
import { volumeCause } from '../../core/causes.js';
import { defineRule } from '../../core/rule.js';
import { ownerOf, podSpecPath } from '../support/security-context.js';

/** Volume sources the PSS restricted profile allows. */
export const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);

export default defineRule({
  meta: {
    id: 'HK-PS-013',
    slug: 'restricted-volume-types',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      volumeType: 'Volume "{{volume}}" of {{owner}} uses the {{type}} volume source, outside the restricted set (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret).',
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        asArray(pod.template.spec['volumes']).forEach((v, i) => {
          const volume = asObject(v);
          if (!volume) return;
          const name = asString(volume['name']) ?? `#${i}`;
          for (const [type, value] of Object.entries(volume)) {
            if (type === 'name' || value === null || RESTRICTED_VOLUME_TYPES.has(type)) continue;
            context.report({ resource: pod.resource, path: `${podSpecPath(pod)}/volumes/${i}/${type}`, messageId: 'volumeType',
              data: { volume: name, owner: ownerOf(pod), type }, cause: volumeCause(pod.resource.ref, `${podSpecPath(pod)}/volumes/${i}`) });
          }
        });
      },
    };
  },
});
