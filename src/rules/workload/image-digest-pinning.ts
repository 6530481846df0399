import { defineRule } from '../../core/rule.js';
import { asString } from '../../core/resource.js';
import { isValidDigest, parseImage } from '../support/image-ref.js';

export default defineRule({
  meta: {
    id: 'HK-IN-002',
    slug: 'image-digest-pinning',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      notPinned: 'Container "{{container}}" of a PHI workload uses image "{{image}}" without an @sha256: digest, so the bytes that run can change under the same name.',
      badDigest: 'Container "{{container}}" uses image "{{image}}" whose digest "{{digest}}" is not a well-formed sha256/sha512 digest.',
    },
  },
  create(context) {
    return {
      container(c) {
        if (!context.isPhi(c.pod.resource)) return;
        const image = asString(c.container['image']);
        if (image === undefined) return;
        const ref = parseImage(image);
        if (!ref) return;
        const data = { container: c.name, image };
        if (ref.digest === undefined) {
          context.report({ resource: c.pod.resource, path: `${c.path}/image`, messageId: 'notPinned', data });
        } else if (!isValidDigest(ref.digest)) {
          context.report({ resource: c.pod.resource, path: `${c.path}/image`, messageId: 'badDigest', data: { ...data, digest: ref.digest } });
        }
      },
    };
  },
});
