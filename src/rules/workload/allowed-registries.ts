import { defineRule } from '../../core/rule.js';
import { asString } from '../../core/resource.js';
import { fullName, parseImage, registryAllows } from '../support/image-ref.js';

export default defineRule({
  meta: {
    id: 'HK-IN-003',
    slug: 'allowed-registries',
    needs: 'workloads (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...)',
    messages: {
      notAllowed: 'Container "{{container}}" pulls "{{image}}" from {{registry}}, which is not in allowedRegistries ({{allowed}}).',
      deprecated: 'Container "{{container}}" pulls "{{image}}" from the frozen k8s.gcr.io registry, which receives no updates or security fixes; use registry.k8s.io.',
    },
  },
  create(context) {
    const allowed = context.config.allowedRegistries;
    return {
      container(c) {
        const image = asString(c.container['image']);
        if (image === undefined) return;
        const ref = parseImage(image);
        if (!ref) return;
        const path = `${c.path}/image`;
        if (ref.registry === 'k8s.gcr.io') {
          const replacement = 'registry.k8s.io' + image.trim().slice(image.trim().indexOf('/'));
          context.report({
            resource: c.pod.resource, path, messageId: 'deprecated', data: { container: c.name, image },
            fix: { description: `Pull ${ref.repository} from registry.k8s.io, which serves the same images`, patch: [{ op: 'replace', path, value: replacement }] },
          });
          return;
        }
        if (allowed.length === 0 || allowed.some((e) => registryAllows(e, ref))) return;
        const list = allowed.length > 4 ? `${allowed.slice(0, 4).join(', ')}, ...` : allowed.join(', ');
        context.report({ resource: c.pod.resource, path, messageId: 'notAllowed', data: { container: c.name, image, registry: fullName(ref), allowed: list } });
      },
    };
  },
});
