import { defineRule } from '../../core/rule.js';
import { certificateWeakness } from '../../controlplane/certificate.js';
import { certificatesIn } from '../../controlplane/certificate-sources.js';

export default defineRule({
  meta: {
    id: 'HK-TX-013',
    slug: 'certificate-quality',
    needs: 'certificates: /etc/kubernetes/pki/*.crt, kubeconfigs, or kubernetes.io/tls Secrets',
    messages: {
      weak: 'Certificate {{label}} uses {{problem}}; use RSA ≥ 2048 or ECDSA P-256+ with a SHA-256+ signature.',
    },
  },
  evaluates: (context) => context.models.get('certificates', () => certificatesIn(context.inventory)).length > 0,
  create(context) {
    return {
      end() {
        const found = context.models.get('certificates', () => certificatesIn(context.inventory));
        for (const f of found) {
          const problem = certificateWeakness(f.cert);
          if (problem) context.report({ resource: f.resource, path: f.path, messageId: 'weak', data: { label: f.label, problem }, ...(f.resource.ref.kind === 'Secret' ? {} : { phi: true }) });
        }
      },
    };
  },
});
