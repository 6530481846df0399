import { defineRule } from '../../core/rule.js';
import { asString } from '../../core/resource.js';
import { parseImage } from '../support/image-ref.js';

export default defineRule({
  meta: {
    id: 'HK-IN-001',
    slug: 'mutable-image-tags',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      noTag: 'Container "{{container}}" uses image "{{image}}" with no tag, which resolves to the mutable :latest.',
      latest: 'Container "{{container}}" uses image "{{image}}" with the mutable :latest tag.',
    },
  },
  create(context) {
    return {
      container(c) {
        const image = asString(c.container['image']);
        if (image === undefined) return;
        const ref = parseImage(image);
        // A digest fixes the content whatever the tag says.
        if (!ref || ref.digest !== undefined) return;
        if (ref.tag === undefined) {
          context.report({ resource: c.pod.resource, path: `${c.path}/image`, messageId: 'noTag', data: { container: c.name, image } });
        } else if (ref.tag.toLowerCase() === 'latest') {
          context.report({ resource: c.pod.resource, path: `${c.path}/image`, messageId: 'latest', data: { container: c.name, image } });
        }
      },
    };
  },
});
