import { defineRule } from '../../core/rule.js';
import { componentsFor } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-AU-001',
    slug: 'audit-logging-enabled',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      noPolicy: 'kube-apiserver has no --audit-policy-file: the API server records no audit events at all.',
      noBackend: 'kube-apiserver has an audit policy but no backend (neither --audit-log-path nor --audit-webhook-config-file): events are computed and dropped.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver', 'enable the provider\'s control-plane audit log export (EKS logging type "audit", GKE Cloud Audit Logs, AKS diagnostic setting kube-audit)')) {
          if (!c.flags.has('audit-policy-file')) context.report({ resource: c.resource, path: c.anchor, messageId: 'noPolicy' });
          else if (!c.flags.has('audit-log-path') && !c.flags.has('audit-webhook-config-file')) context.report({ resource: c.resource, path: c.flags.get('audit-policy-file')?.path ?? c.anchor, messageId: 'noBackend' });
        }
      },
    };
  },
});
