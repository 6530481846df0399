import { defineRule } from '../../core/rule.js';
import { annotationsOf, asArray, asObject, asString } from '../../core/resource.js';

const OLD_ALB_POLICY = /ELBSecurityPolicy-(2015-05|2016-08|TLS-1-0|TLS-1-1|TLS13-1-0|TLS13-1-1)|ELBSecurityPolicy-FS-(2018-06|1-1)/;

export default defineRule({
  meta: {
    id: 'HK-TX-003',
    slug: 'edge-tls-version',
    needs: 'ingress controller ConfigMaps, Ingress annotations or Istio Gateways',
    kinds: ['ConfigMap', 'Ingress', 'Gateway'],
    messages: {
      nginxProtocols: 'ingress-nginx ConfigMap "{{name}}" enables {{old}} in ssl-protocols "{{value}}".',
      albPolicy: 'Ingress "{{name}}" uses ALB TLS policy {{policy}}, which still accepts TLS 1.0/1.1.',
      istioMin: 'Istio Gateway "{{name}}" servers[{{index}}] sets minProtocolVersion {{value}}.',
    },
  },
  create(context) {
    return {
      resource(r) {
        if (r.ref.kind === 'ConfigMap') {
          const data = asObject(r.object['data']);
          const value = asString(data?.['ssl-protocols']);
          if (value === undefined) return;
          const old = value.split(/\s+/).filter((p) => p === 'TLSv1' || p === 'TLSv1.1' || p === 'SSLv3' || p === 'SSLv2');
          if (old.length) context.report({ resource: r, path: '/data/ssl-protocols', messageId: 'nginxProtocols', data: { name: r.ref.name, old: old.join(', '), value }, phi: true,
            fix: { description: 'allow TLS 1.2 and 1.3 only', patch: [{ op: 'replace', path: '/data/ssl-protocols', value: 'TLSv1.2 TLSv1.3' }] } });
        } else if (r.ref.kind === 'Ingress') {
          const policy = annotationsOf(r)['alb.ingress.kubernetes.io/ssl-policy'];
          if (policy && OLD_ALB_POLICY.test(policy)) context.report({ resource: r, path: '/metadata/annotations/alb.ingress.kubernetes.io~1ssl-policy', messageId: 'albPolicy', data: { name: r.ref.name, policy } });
        } else if (r.ref.apiVersion.startsWith('networking.istio.io/')) {
          asArray(asObject(r.object['spec'])?.['servers']).forEach((s, index) => {
            const value = asString(asObject(asObject(s)?.['tls'])?.['minProtocolVersion']);
            if (value === 'TLSV1_0' || value === 'TLSV1_1') context.report({ resource: r, path: `/spec/servers/${index}/tls/minProtocolVersion`, messageId: 'istioMin', data: { name: r.ref.name, index, value },
              fix: { description: 'require TLS 1.2 or later', patch: [{ op: 'replace', path: `/spec/servers/${index}/tls/minProtocolVersion`, value: 'TLSV1_2' }] } });
          });
        }
      },
    };
  },
});
