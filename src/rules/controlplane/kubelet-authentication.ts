import { defineRule } from '../../core/rule.js';
import { kubeletLabel, kubeletSetting, KUBELET_SETTINGS } from '../../controlplane/kubelet.js';
import { kubeletsFor } from '../support/kubelets.js';

export default defineRule({
  meta: {
    id: 'HK-ID-007',
    slug: 'kubelet-authentication',
    needs: 'the kubelet configuration (/var/lib/kubelet/config.yaml) or its flags (/var/lib/kubelet/kubeadm-flags.env)',
    messages: {
      anonymous: 'Kubelet {{file}} accepts anonymous requests ({{shown}}): unauthenticated callers reach the kubelet API on port 10250.',
      readOnlyPort: 'Kubelet {{file}} serves the unauthenticated read-only port ({{shown}}), exposing pod specs and environment.',
      noClientCA: 'Kubelet {{file}} has no client CA ({{shown}}), so it cannot verify the API server\'s client certificate.',
      noWebhook: 'Kubelet {{file}} does not verify bearer tokens through the API server ({{shown}}).',
    },
  },
  create(context) {
    return {
      end() {
        for (const k of kubeletsFor(context)) {
          const file = kubeletLabel(k);
          const anon = kubeletSetting(k, KUBELET_SETTINGS.anonymous);
          if (anon.value !== 'false' && anon.resource) {
            context.report({ resource: anon.resource, path: anon.path, messageId: 'anonymous', data: { file, shown: anon.shown },
              ...(anon.source === 'config' ? { fix: { description: 'Refuse anonymous kubelet API requests.', patch: [{ op: 'replace', path: anon.path, value: false }] } } : {}) });
          }
          const ro = kubeletSetting(k, KUBELET_SETTINGS.readOnlyPort);
          if (ro.value !== '0' && ro.resource) {
            context.report({ resource: ro.resource, path: ro.path, messageId: 'readOnlyPort', data: { file, shown: ro.shown }, severity: 'high',
              ...(ro.source === 'config' ? { fix: { description: 'Close the read-only port.', patch: [{ op: 'replace', path: ro.path, value: 0 }] } } : {}) });
          }
          const ca = kubeletSetting(k, KUBELET_SETTINGS.clientCAFile);
          if (!ca.value && ca.resource) context.report({ resource: ca.resource, path: ca.path, messageId: 'noClientCA', data: { file, shown: ca.shown }, severity: 'high' });
          const wh = kubeletSetting(k, KUBELET_SETTINGS.webhookAuthn);
          if (wh.value !== 'true' && wh.resource) context.report({ resource: wh.resource, path: wh.path, messageId: 'noWebhook', data: { file, shown: wh.shown }, severity: 'high' });
        }
      },
    };
  },
});
