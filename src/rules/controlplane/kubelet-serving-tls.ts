import { defineRule } from '../../core/rule.js';
import { featureGates } from '../../controlplane/flags.js';
import { kubeletLabel, kubeletSetting, KUBELET_SETTINGS } from '../../controlplane/kubelet.js';
import { controlPlaneOf } from '../../controlplane/model.js';
import { tlsVersionRank } from '../../controlplane/tls.js';
import { kubeletsFor } from '../support/kubelets.js';

export default defineRule({
  meta: {
    id: 'HK-TX-007',
    slug: 'kubelet-serving-tls',
    needs: 'the kubelet configuration (/var/lib/kubelet/config.yaml) or its flags (/var/lib/kubelet/kubeadm-flags.env)',
    messages: {
      selfSigned: 'Kubelet {{file}} serves a self-signed certificate (no tlsCertFile/tlsPrivateKeyFile and serverTLSBootstrap is not true): the API server cannot verify it.',
      noRotation: 'Kubelet {{file}} does not rotate its client certificate ({{shown}}).',
      gateOff: '{{who}} turns off RotateKubeletServerCertificate ({{shown}}).',
      oldTls: 'Kubelet {{file}} accepts {{value}} ({{shown}}); require VersionTLS12 or newer.',
    },
  },
  create(context) {
    return {
      end() {
        for (const k of kubeletsFor(context)) {
          const file = kubeletLabel(k);
          const cert = kubeletSetting(k, KUBELET_SETTINGS.tlsCertFile);
          const key = kubeletSetting(k, KUBELET_SETTINGS.tlsPrivateKeyFile);
          const boot = kubeletSetting(k, KUBELET_SETTINGS.serverTLSBootstrap);
          if (!(cert.value && key.value) && boot.value !== 'true' && boot.resource) {
            context.report({ resource: boot.resource, path: boot.path, messageId: 'selfSigned', data: { file },
              ...(boot.source !== 'flag' && k.config ? { fix: { description: 'Have the kubelet request a serving certificate signed by the cluster CA (approve its CSRs).', patch: [{ op: 'add', path: '/serverTLSBootstrap', value: true }] } } : {}) });
          }
          const rot = kubeletSetting(k, KUBELET_SETTINGS.rotateCertificates);
          if (rot.value !== 'true' && rot.resource) context.report({ resource: rot.resource, path: rot.path, messageId: 'noRotation', data: { file, shown: rot.shown } });
          const gates = kubeletSetting(k, KUBELET_SETTINGS.featureGates);
          if (featureGates(gates.value).get('RotateKubeletServerCertificate') === false && gates.resource) context.report({ resource: gates.resource, path: gates.path, messageId: 'gateOff', data: { who: `Kubelet ${file}`, shown: gates.shown } });
          const min = kubeletSetting(k, KUBELET_SETTINGS.tlsMinVersion);
          if (min.value !== undefined && (tlsVersionRank(min.value) ?? 0) < 2 && min.resource) context.report({ resource: min.resource, path: min.path, messageId: 'oldTls', data: { file, value: min.value, shown: min.shown } });
        }
        for (const c of controlPlaneOf(context).components.get('kube-controller-manager') ?? []) {
          const f = c.flags.get('feature-gates');
          if (f && featureGates(f.value).get('RotateKubeletServerCertificate') === false) {
            context.report({ resource: c.resource, path: f.path, messageId: 'gateOff', data: { who: 'kube-controller-manager', shown: `--feature-gates=${f.value}` } });
          }
        }
      },
    };
  },
});
