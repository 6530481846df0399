import { defineRule } from '../../core/rule.js';
import { componentsFor } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-ID-009',
    slug: 'apiserver-kubelet-auth',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      noClientCert: 'kube-apiserver does not present a client certificate to kubelets ({{missing}} unset), so kubelets cannot tell it from any other caller.',
      noKubeletCa: 'kube-apiserver does not verify kubelet serving certificates (--kubelet-certificate-authority unset): exec and log streams carrying PHI can be intercepted.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver')) {
          const missing = ['kubelet-client-certificate', 'kubelet-client-key'].filter((f) => !c.flags.has(f)).map((f) => '--' + f);
          if (missing.length > 0) context.report({ resource: c.resource, path: c.anchor, messageId: 'noClientCert', data: { missing: missing.join(', ') } });
          if (!c.flags.has('kubelet-certificate-authority')) context.report({ resource: c.resource, path: c.anchor, messageId: 'noKubeletCa' });
        }
      },
    };
  },
});
