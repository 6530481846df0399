import { defineRule } from '../../core/rule.js';
import { subjectField } from '../../controlplane/certificate.js';
import { certificatesIn } from '../../controlplane/certificate-sources.js';
import { controlPlaneOf, providerName } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-EA-004',
    slug: 'emergency-credentials',
    needs: 'the node\'s kubeconfig files (/etc/kubernetes/*.conf)',
    messages: {
      superAdmin: 'Kubeconfig {{file}} holds a system:masters credential ({{cn}}), which bypasses RBAC and cannot be revoked; keep super-admin.conf offline (sealed, under dual control), not on the node.',
    },
  },
  create(context) {
    return {
      end() {
        const kubeconfigs = controlPlaneOf(context).kubeconfigs;
        if (kubeconfigs.length === 0) {
          if (context.config.provider) context.notApplicable(`provider-managed: ${providerName(context.config.provider)} issues emergency credentials; disable local accounts (AKS) and document the emergency IAM role`);
          return;
        }
        context.markEvaluated();
        const certs = context.models.get('certificates', () => certificatesIn(context.inventory));
        for (const f of certs) {
          if (f.resource.ref.kind !== 'Config') continue;
          if (!subjectField(f.cert.subject, 'O').includes('system:masters')) continue;
          context.report({ resource: f.resource, path: f.path, messageId: 'superAdmin', data: { file: f.resource.origin.file, cn: `CN=${subjectField(f.cert.subject, 'CN')[0] ?? '?'}` }, phi: true });
        }
      },
    };
  },
});
