import { defineRule } from '../../core/rule.js';
import { annotationsOf, asObject } from '../../core/resource.js';
import { exposureOf } from '../../analysis/shared-models.js';

export default defineRule({
  meta: {
    id: 'HK-TX-002',
    slug: 'https-redirect',
    needs: 'Ingresses, OpenShift Routes or Gateway API routes with the Services and workloads they reach',
    messages: {
      disabled: 'Ingress "{{name}}" sets {{annotation}}: "false", so {{scope}} host {{host}} is also served over plain HTTP.',
      albNoRedirect: 'Ingress "{{name}}" listens on HTTP ({{ports}}) without alb.ingress.kubernetes.io/ssl-redirect: {{scope}} host {{host}} answers over plain HTTP.',
      gkeDisabled: 'FrontendConfig "{{config}}" of Ingress "{{name}}" sets redirectToHttps.enabled: false, so {{scope}} host {{host}} is also served over plain HTTP.',
      routeAllow: 'Route "{{name}}" sets tls.insecureEdgeTerminationPolicy: Allow, so {{scope}} host {{host}} is also served over plain HTTP.',
      gatewayHttp: '{{kind}} "{{name}}" serves {{scope}} Service "{{service}}" on an HTTP listener of Gateway "{{gateway}}" with no RequestRedirect to https.',
    },
  },
  evaluates: (context) => exposureOf(context).routes.length > 0,
  create(context) {
    return {
      end() {
        const model = exposureOf(context);
        // A route serves PHI when its backend pods are in PHI scope; with no backend workload in the input, its own namespace decides.
        const servesPhi = (r: (typeof model.routes)[number]): boolean => (r.service !== undefined && r.service.pods.length > 0
          ? r.service.pods.some((p) => context.isPhi(p.node.resource)) : context.isPhi(r.resource));
        const routes = model.routes.filter((r) => (r.kind === 'Ingress' || r.kind === 'Route' || r.kind === 'Gateway') && servesPhi(r));
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
            if (ann[a]?.toLowerCase() === 'false' && r.edge.encryption === 'tls') {
              context.report({ resource: r.resource, path: `/metadata/annotations/${a.replace(/~/g, '~0').replace(/\//g, '~1')}`, messageId: 'disabled', data: { name, annotation: a, host: r.host }, phi: true,
                fix: { description: `remove ${a}: "false" (ingress-nginx redirects to HTTPS by default when TLS is set)`, patch: [{ op: 'remove', path: `/metadata/annotations/${a.replace(/~/g, '~0').replace(/\//g, '~1')}` }] } });
            }
          }
          // Azure Application Gateway and HAProxy spell the same switch their own way.
          for (const a of ['appgw.ingress.kubernetes.io/ssl-redirect', 'haproxy.org/ssl-redirect', 'ingress.kubernetes.io/ssl-redirect']) {
            if (ann[a]?.toLowerCase() === 'false' && r.edge.encryption === 'tls') {
              context.report({ resource: r.resource, path: `/metadata/annotations/${a.replace(/~/g, '~0').replace(/\//g, '~1')}`, messageId: 'disabled', data: { name, annotation: a, host: r.host }, phi: true });
            }
          }
          const frontend = ann['networking.gke.io/v1beta1.FrontendConfig'];
          const fc = frontend ? context.inventory.get('FrontendConfig', r.resource.ref.namespace, frontend) : undefined;
          const redirect = asObject(asObject(fc?.object['spec'])?.['redirectToHttps']);
          if (fc && redirect?.['enabled'] === false) {
            context.report({ resource: fc, path: '/spec/redirectToHttps/enabled', messageId: 'gkeDisabled', data: { name, config: fc.ref.name, host: r.host }, phi: true,
              fix: { description: 'redirect plain HTTP to HTTPS', patch: [{ op: 'replace', path: '/spec/redirectToHttps/enabled', value: true }] } });
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
