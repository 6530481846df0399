import { defineRule } from '../../core/rule.js';
import { asObject, asString } from '../../core/resource.js';

const CONTROLLER = /^(registry\.k8s\.io|k8s\.gcr\.io|us\.gcr\.io\/k8s-artifacts-prod)\/ingress-nginx\/controller([:@]|$)/;

export default defineRule({
  meta: {
    id: 'HK-TX-012',
    slug: 'unmaintained-ingress-nginx',
    needs: 'workloads and ingress controller ConfigMaps',
    kinds: ['ConfigMap'],
    marksEvaluated: true,
    messages: {
      retired: 'Container "{{container}}" runs the retired ingress-nginx controller ({{image}}); it receives no more security fixes.',
      snippets: 'ConfigMap "{{name}}" sets allow-snippet-annotations "true": anyone who can write an Ingress can inject NGINX configuration.',
    },
  },
  // Only an ingress-nginx controller ConfigMap is judged; an application's ConfigMap says nothing about it.
  evaluatesResource: (r) => asString(asObject(r.object['data'])?.['allow-snippet-annotations']) !== undefined || /ingress-nginx|nginx-ingress|nginx-configuration/.test(r.ref.name),
  create(context) {
    return {
      resource(r) {
        const value = asString(asObject(r.object['data'])?.['allow-snippet-annotations']);
        if (value === 'true') {
          context.report({ resource: r, path: '/data/allow-snippet-annotations', messageId: 'snippets', data: { name: r.ref.name }, phi: true,
            fix: { description: 'turn snippet annotations off', patch: [{ op: 'replace', path: '/data/allow-snippet-annotations', value: 'false' }] } });
        }
      },
      container(c) {
        context.markEvaluated();
        const image = asString(c.container['image']) ?? '';
        // The edge carries every PHI request, whatever namespace the controller runs in.
        if (CONTROLLER.test(image)) context.report({ resource: c.pod.resource, path: `${c.path}/image`, messageId: 'retired', data: { container: c.name, image }, phi: true });
      },
    };
  },
});
