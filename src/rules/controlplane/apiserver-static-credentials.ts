import { defineRule } from '../../core/rule.js';
import { componentsFor } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-ID-002',
    slug: 'apiserver-static-credentials',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      tokenFile: 'kube-apiserver reads static bearer tokens from --token-auth-file={{value}}: plain-text, never expiring, not revocable without a restart.',
      basicAuth: 'kube-apiserver sets --basic-auth-file={{value}}: passwords in plain text (removed in Kubernetes 1.19, so this cluster is very old).',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver')) {
          const t = c.flags.get('token-auth-file');
          if (t) context.report({ resource: c.resource, path: t.path, messageId: 'tokenFile', data: { value: t.value } });
          const b = c.flags.get('basic-auth-file');
          if (b) context.report({ resource: c.resource, path: b.path, messageId: 'basicAuth', data: { value: b.value } });
        }
      },
    };
  },
});
