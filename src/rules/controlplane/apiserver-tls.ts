import { defineRule } from '../../core/rule.js';
import { componentsFor } from '../../controlplane/model.js';
import { tlsVersionRank } from '../../controlplane/tls.js';

export default defineRule({
  meta: {
    id: 'HK-TX-005',
    slug: 'apiserver-tls',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      noServingCert: 'kube-apiserver has no {{missing}}: it serves a self-signed certificate that clients cannot verify.',
      noClientCa: 'kube-apiserver has no --client-ca-file, so it cannot authenticate client certificates.',
      oldTls: 'kube-apiserver accepts {{value}} (--tls-min-version); TLS 1.0 and 1.1 are broken for ePHI in transit. Use VersionTLS12 or VersionTLS13.',
      tlsUnset: 'kube-apiserver does not set --tls-min-version; the minimum then depends on the Go runtime it was built with. Set VersionTLS12 or VersionTLS13.',
      insecurePort: 'kube-apiserver {{shown}}: it serves the API without TLS{{extra}}.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver')) {
          const missing = ['tls-cert-file', 'tls-private-key-file'].filter((f) => !c.flags.has(f)).map((f) => '--' + f);
          if (missing.length > 0) context.report({ resource: c.resource, path: c.anchor, messageId: 'noServingCert', data: { missing: missing.join(' and ') } });
          if (!c.flags.has('client-ca-file')) context.report({ resource: c.resource, path: c.anchor, messageId: 'noClientCa' });
          const min = c.flags.get('tls-min-version');
          if (!min) context.report({ resource: c.resource, path: c.anchor, messageId: 'tlsUnset', severity: 'low' });
          else if ((tlsVersionRank(min.value) ?? 0) < 2) context.report({ resource: c.resource, path: min.path, messageId: 'oldTls', data: { value: min.value } });
          const secure = c.flags.get('secure-port');
          if (secure?.value === '0') context.report({ resource: c.resource, path: secure.path, messageId: 'insecurePort', data: { shown: 'sets --secure-port=0', extra: '' }, severity: 'critical' });
          const insecure = c.flags.get('insecure-port');
          if (insecure && insecure.value !== '0') context.report({ resource: c.resource, path: insecure.path, messageId: 'insecurePort', data: { shown: `sets --insecure-port=${insecure.value}`, extra: ', unauthenticated and unauthorized' }, severity: 'critical' });
        }
      },
    };
  },
});
