import type { KubeResource } from '../../core/resource.js';
import { defineRule } from '../../core/rule.js';
import { exposureOf } from '../../analysis/shared-models.js';

export default defineRule({
  meta: {
    id: 'HK-TX-001',
    slug: 'edge-tls',
    needs: 'Ingresses, OpenShift Routes or Gateway API routes with the Services and workloads they reach',
    messages: {
      route: 'Route "{{name}}" serves host {{host}} without TLS ({{why}}) and routes it to {{scope}} Service "{{service}}".',
      ingress: 'Ingress "{{name}}" serves host {{host}} without TLS ({{why}}) and routes it to {{scope}} Service "{{service}}".',
      gateway: '{{kind}} "{{name}}" attaches {{scope}} Service "{{service}}" to Gateway "{{gateway}}" {{why}}, without TLS.',
    },
  },
  evaluates: (context) => exposureOf(context).routes.some((r) => r.kind === 'Ingress' || r.kind === 'Route' || r.kind === 'Gateway'),
  create(context) {
    return {
      end() {
        const model = exposureOf(context);
        const routes = model.routes.filter((r) => r.kind === 'Ingress' || r.kind === 'Route' || r.kind === 'Gateway');
        // A Route with alternateBackends is one entry per backend but one finding: the host is the Route's.
        const routesReported = new Set<KubeResource>();
        for (const r of routes) {
          if (r.edge.encryption === 'tls') continue;
          // Without the Service's pods in the input, the backend is judged by its namespace's scope (controls.md §5 rule 2).
          const known = r.service !== undefined && r.service.pods.length > 0;
          const phi = known ? r.service?.pods.some((p) => context.isPhi(p.node.resource)) === true
            : r.backendService !== undefined && context.inventory.scope.namespaceLevel(r.backendService.namespace) !== 'none';
          if (!phi) continue;
          const service = r.service?.name ?? r.backendService?.name ?? '?';
          if (r.kind === 'Route') {
            if (routesReported.has(r.resource)) continue;
            routesReported.add(r.resource);
          }
          if (r.kind === 'Ingress' || r.kind === 'Route') {
            context.report({ resource: r.resource, path: r.kind === 'Route' ? '/spec' : r.path, messageId: r.kind === 'Route' ? 'route' : 'ingress', data: { name: r.resource.ref.name, host: r.host, why: r.edge.why, service }, phi: true });
          } else {
            context.report({ resource: r.resource, path: r.path, messageId: 'gateway', phi: true,
              data: { kind: r.resource.ref.kind, name: r.resource.ref.name, service, gateway: r.gateway?.ref.name ?? '?', why: r.edge.why } });
          }
        }
      },
    };
  },
});
