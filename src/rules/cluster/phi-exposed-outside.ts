import { defineRule } from '../../core/rule.js';
import { exposureOf } from '../../analysis/shared-models.js';

export default defineRule({
  meta: {
    id: 'HK-NW-008',
    slug: 'phi-exposed-outside',
    needs: 'Services, Ingresses or Gateway routes together with the workloads they select',
    messages: {
      publicLb: 'LoadBalancer Service "{{service}}" port {{port}} exposes {{scope}} workload(s) {{pods}} to the internet: no internal annotation and no loadBalancerSourceRanges.',
      nodePort: 'NodePort Service "{{service}}" port {{port}} exposes {{scope}} workload(s) {{pods}} on every node address.',
      externalIp: 'Service "{{service}}" sets externalIPs {{ips}} in front of {{scope}} workload(s) {{pods}}.',
      restrictedLb: 'LoadBalancer Service "{{service}}" port {{port}} exposes {{scope}} workload(s) {{pods}} outside the cluster ({{how}}).',
      routed: '{{kind}} "{{name}}" routes host {{host}} from outside the cluster to {{scope}} Service "{{service}}" ({{pods}}).',
    },
  },
  create(context) {
    return {
      end() {
        const model = exposureOf(context);
        const missing = model.unresolvedParents[0];
        // A route into a namespace in scope whose Service is not in the input exposes pods the input does not show.
        const unseen = model.routes.filter((r) => !r.service && r.backendService && context.inventory.scope.namespaceLevel(r.backendService.namespace) !== 'none');
        const first = unseen[0];
        // The Gateway decides whether the route is reachable from outside: without it the route is unjudged, not safe.
        if (missing) context.notEvaluated?.(`${missing.route.ref.kind} "${missing.route.ref.name}" attaches to Gateway "${missing.parent}", which is not in the input; give the Gateway`
          + (model.unresolvedParents.length > 1 ? ` (and ${model.unresolvedParents.length - 1} more routes)` : ''));
        else if (first?.backendService) context.notEvaluated?.(`${first.resource.ref.kind} "${first.resource.ref.name}" routes to Service "${first.backendService.namespace}/${first.backendService.name}", which is not in the input; give the Service and its workloads`
          + (unseen.length > 1 ? ` (and ${unseen.length - 1} more routes)` : ''));
        if (model.services.length === 0 && model.routes.length === 0) return;
        context.markEvaluated();
        for (const r of model.routes) {
          const svc = r.service;
          if (!svc) continue;
          const phiPods = svc.pods.filter((p) => context.isPhi(p.node.resource));
          // A Service whose pods are not in the input exposes whatever runs in its namespace: judge it by that scope.
          const unseenPhi = svc.pods.length === 0 && context.inventory.scope.namespaceLevel(svc.namespace) !== 'none';
          if (phiPods.length === 0 && !unseenPhi) continue;
          const pods = phiPods.length === 0 ? `(pods not in the input; namespace "${svc.namespace}" is in PHI scope)`
            : phiPods.slice(0, 3).map((p) => `${p.kind} ${p.name}`).join(', ') + (phiPods.length > 3 ? ` and ${phiPods.length - 3} more` : '');
          const data = { service: svc.name, port: r.servicePort?.port ?? '?', pods };
          const phi = { phi: true };
          if (r.kind === 'LoadBalancer') {
            if (r.public) context.report({ resource: r.resource, path: r.path, messageId: 'publicLb', data, ...phi });
            else context.report({ resource: r.resource, path: r.path, messageId: 'restrictedLb', severity: 'medium', ...phi,
              data: { ...data, how: svc.internal ? 'internal load balancer' : `source ranges ${svc.sourceRanges.join(', ')}` } });
          } else if (r.kind === 'NodePort') context.report({ resource: r.resource, path: r.path, messageId: 'nodePort', data, ...phi });
          else if (r.kind === 'ExternalIP') context.report({ resource: r.resource, path: '/spec/externalIPs', messageId: 'externalIp', data: { ...data, ips: svc.externalIPs.join(', ') }, ...phi });
          else context.report({ resource: r.resource, path: r.path, messageId: 'routed', severity: 'low', data: { kind: r.resource.ref.kind, name: r.resource.ref.name, host: r.host, service: svc.name, pods }, ...phi });
        }
      },
    };
  },
});
