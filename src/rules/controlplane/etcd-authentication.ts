import { defineRule } from '../../core/rule.js';
import { isTrue } from '../../controlplane/flags.js';
import { componentsFor, controlPlaneOf } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-ID-008',
    slug: 'etcd-authentication',
    needs: 'the etcd static Pod manifest (/etc/kubernetes/manifests/etcd.yaml)',
    messages: {
      clientCertAuth: 'etcd does not require client certificates ({{shown}}): anyone who reaches port 2379 reads every Secret.',
      peerCertAuth: 'etcd does not require peer client certificates ({{shown}}).',
      autoTls: 'etcd sets --{{flag}}=true: self-signed certificates that no client verifies.',
      sharedCa: 'etcd trusts the cluster CA ({{value}}), the same CA kube-apiserver uses for clients, so any cluster client certificate opens etcd. Give etcd its own CA.',
    },
  },
  create(context) {
    return {
      end() {
        const apiCa = controlPlaneOf(context).components.get('kube-apiserver')?.[0]?.flags.get('client-ca-file')?.value;
        for (const c of componentsFor(context, 'etcd', 'etcd is not reachable by customers')) {
          const cca = c.flags.get('client-cert-auth');
          if (!isTrue(cca?.value)) context.report({ resource: c.resource, path: cca?.path ?? c.anchor, messageId: 'clientCertAuth', data: { shown: cca ? `--client-cert-auth=${cca.value}` : '--client-cert-auth unset, default false' } });
          const pca = c.flags.get('peer-client-cert-auth');
          if (!isTrue(pca?.value)) context.report({ resource: c.resource, path: pca?.path ?? c.anchor, messageId: 'peerCertAuth', data: { shown: pca ? `--peer-client-cert-auth=${pca.value}` : '--peer-client-cert-auth unset, default false' } });
          for (const flag of ['auto-tls', 'peer-auto-tls']) {
            const f = c.flags.get(flag);
            if (f && isTrue(f.value)) context.report({ resource: c.resource, path: f.path, messageId: 'autoTls', data: { flag } });
          }
          const ca = c.flags.get('trusted-ca-file');
          if (ca && apiCa !== undefined && ca.value === apiCa) context.report({ resource: c.resource, path: ca.path, messageId: 'sharedCa', data: { value: ca.value } });
        }
      },
    };
  },
});
