import { defineRule } from '../../core/rule.js';
import { controlPlaneOf } from '../../controlplane/model.js';

function minorOf(v: string | undefined): number | undefined {
  const m = /^v?1\.(\d+)/.exec(v ?? '');
  return m ? Number(m[1]) : undefined;
}

export default defineRule({
  meta: {
    id: 'HK-EN-001',
    slug: 'encryption-at-rest-enabled',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml), or --provider with --kubernetes-version',
    messages: {
      off: 'kube-apiserver has no --encryption-provider-config: Secrets (and everything else) are stored in etcd and its backups in plaintext.',
    },
  },
  create(context) {
    return {
      end() {
        const p = context.config.provider;
        const minor = minorOf(context.config.kubernetesVersion);
        const components = controlPlaneOf(context).components.get('kube-apiserver') ?? [];
        if (components.length > 0) context.markEvaluated();
        if (components.length === 0 && p) {
          if (p === 'eks' && minor !== undefined && minor >= 28) context.notApplicable('provider-managed: EKS 1.28+ envelope-encrypts all Kubernetes API data with KMS v2 by default (AWS-owned key); a customer-managed key is optional');
          else if (p === 'eks') context.notEvaluated?.('not evaluated: EKS encrypts API data by default only from Kubernetes 1.28; give --kubernetes-version, or check the cluster encryptionConfig for a KMS key');
          else if (p === 'gke') context.notApplicable('provider-managed: GKE encrypts etcd at rest by default; application-layer Secrets encryption with Cloud KMS is set in the cluster (databaseEncryption)');
          else context.notApplicable('provider-managed: AKS encrypts etcd at rest by default; KMS etcd encryption with Azure Key Vault is set in the cluster');
          return;
        }
        for (const c of components) {
          if (!c.flags.has('encryption-provider-config')) context.report({ resource: c.resource, path: c.anchor, messageId: 'off' });
        }
      },
    };
  },
});
