import { defineRule } from '../../core/rule.js';
import { exposureOf, meshOf } from '../../analysis/shared-models.js';

const DB_PORTS: ReadonlySet<number> = new Set([5432, 3306, 1433, 27017, 6379, 9200]);

export default defineRule({
  meta: {
    id: 'HK-TX-009',
    slug: 'plaintext-ports-exposed',
    needs: 'Services, Ingresses or Gateway routes together with the workloads they select',
    messages: {
      exposed: '{{kind}} "{{name}}" carries PHI from {{pods}} over {{what}} to {{audience}} ({{why}}).',
      database: 'Service "{{name}}" exposes database port {{port}} of {{scope}} workload(s) {{pods}} as {{type}} without TLS evidence.',
    },
  },
  evaluates: (context) => exposureOf(context).services.length > 0,
  create(context) {
    return {
      end() {
        const model = exposureOf(context);
        const mesh = meshOf(context);
        for (const r of model.routes) {
          const svc = r.service;
          if (!svc) continue;
          const phiPods = svc.pods.filter((p) => context.isPhi(p.node.resource));
          if (phiPods.length === 0) continue;
          const pods = phiPods.slice(0, 3).map((p) => p.name).join(', ');
          const direct = r.kind === 'LoadBalancer' || r.kind === 'NodePort' || r.kind === 'ExternalIP';
          if (direct && r.servicePort && DB_PORTS.has(typeof r.servicePort.targetPort === 'number' ? r.servicePort.targetPort : r.servicePort.port) && r.edge.encryption !== 'tls') {
            context.report({ resource: r.resource, path: r.path, messageId: 'database', data: { name: svc.name, port: r.servicePort.port, pods, type: svc.type }, phi: true, ...(r.public ? { severity: 'critical' as const } : {}) });
            continue;
          }
          const hop = direct ? r.edge : r.backend;
          if (hop.encryption !== 'plaintext') continue;
          // A STRICT mesh encrypts the in-cluster hop even when the port speaks HTTP.
          if (!direct && phiPods.every((p) => mesh.verdict(p).state === 'strict')) continue;
          context.report({
            resource: direct ? r.resource : (svc.resource), path: direct ? r.path : `/spec/ports/${r.servicePort?.index ?? 0}`, messageId: 'exposed', phi: true,
            data: { kind: svc.resource.ref.kind, name: svc.name, pods, what: `port ${r.servicePort?.port ?? '?'} in plaintext`, audience: direct ? (r.public ? 'the internet' : 'clients outside the cluster') : `the ${r.kind} backend hop`, why: hop.why },
            ...(direct && r.public ? { severity: 'critical' as const } : {}),
          });
        }
      },
    };
  },
});
