import { defineRule } from '../../core/rule.js';
import { annotationsOf } from '../../core/resource.js';
import { exposureOf } from '../../analysis/shared-models.js';

export default defineRule({
  meta: {
    id: 'HK-TX-002',
    slug: 'https-redirect',
    needs: 'Ingresses, OpenShift Routes or Gateway API routes with the Services and workloads they reach',
    messages: {
      disabled: 'Ingress "{{name}}" sets {{annotation}}: "false", so PHI host {{host}} is also served over plain HTTP.',
      albNoRedirect: 'Ingress "{{name}}" listens on HTTP ({{ports}}) without alb.ingress.kubernetes.io/ssl-redirect: PHI host {{host}} answers over plain HTTP.',
      routeAllow: 'Route "{{name}}" sets tls.insecureEdgeTerminationPolicy: Allow, so PHI host {{host}} is also served over plain HTTP.',
      gatewayHttp: '{{kind}} "{{name}}" serves PHI Service "{{service}}" on an HTTP listener of Gateway "{{gateway}}" with no RequestRedirect to https.',
    },
  },
  create(context) {
    return {
      end() {
        const model = exposureOf(context);
        const routes = model.routes.filter((r) => (r.kind === 'Ingress' || r.kind === 'Route' || r.kind === 'Gateway') && r.service?.pods.some((p) => context.isPhi(p.node.resource)));
        if (model.routes.length === 0) return;
        context.markEvaluated();
        const seen = new Set<string>();
        for (const r of routes) {
          const name = r.resource.ref.name;
          if (r.kind === 'Gateway') {
            if (r.edge.encryption === 'plaintext') context.report({ resource: r.resource, path: r.path, messageId: 'gatewayHttp', phi: true,
              data: { kind: r.resource.ref.kind, name, service: r.service?.name ?? '?', gateway: r.gateway?.ref.name ?? '?' } });
            continue;
          }
          if (r.kind === 'Route') {
            if (seen.has(`route:${r.resource.origin.file}:${r.resource.origin.line}`)) continue;
            seen.add(`route:${r.resource.origin.file}:${r.resource.origin.line}`);
            // A Route without TLS is HK-TX-001's finding; with TLS, Allow serves the same host over HTTP too.
            if (r.insecurePolicy === 'Allow') context.report({ resource: r.resource, path: '/spec/tls/insecureEdgeTerminationPolicy', messageId: 'routeAllow', phi: true, data: { name, host: r.host },
              fix: { description: 'redirect plain HTTP to HTTPS', patch: [{ op: 'replace', path: '/spec/tls/insecureEdgeTerminationPolicy', value: 'Redirect' }] } });
            continue;
          }
          const key = `${r.resource.origin.file}:${r.resource.origin.line}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const ann = annotationsOf(r.resource);
          for (const a of ['nginx.ingress.kubernetes.io/ssl-redirect', 'nginx.ingress.kubernetes.io/force-ssl-redirect']) {
            if (ann[a] === 'false' && r.edge.encryption === 'tls') {
              context.report({ resource: r.resource, path: `/metadata/annotations/${a.replace(/~/g, '~0').replace(/\//g, '~1')}`, messageId: 'disabled', data: { name, annotation: a, host: r.host }, phi: true,
                fix: { description: `remove ${a}: "false" (ingress-nginx redirects to HTTPS by default when TLS is set)`, patch: [{ op: 'remove', path: `/metadata/annotations/${a.replace(/~/g, '~0').replace(/\//g, '~1')}` }] } });
            }
          }
          const listen = ann['alb.ingress.kubernetes.io/listen-ports'];
          if (listen && /"HTTP"\s*:/.test(listen) && ann['alb.ingress.kubernetes.io/ssl-redirect'] === undefined) {
            context.report({ resource: r.resource, path: '/metadata/annotations', messageId: 'albNoRedirect', data: { name, ports: listen, host: r.host }, phi: true });
          }
        }
      },
    };
  },
});
