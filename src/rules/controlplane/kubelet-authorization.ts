import { defineRule } from '../../core/rule.js';
import { kubeletLabel, kubeletSetting, KUBELET_SETTINGS } from '../../controlplane/kubelet.js';
import { kubeletsFor } from '../support/kubelets.js';

export default defineRule({
  meta: {
    id: 'HK-AC-016',
    slug: 'kubelet-authorization',
    needs: 'the kubelet configuration (/var/lib/kubelet/config.yaml) or its flags (/var/lib/kubelet/kubeadm-flags.env)',
    messages: {
      notWebhook: 'Kubelet {{file}} authorizes its API with "{{shown}}": anyone who reaches port 10250 can exec into pods and read their logs. Use Webhook.',
    },
  },
  create(context) {
    return {
      end() {
        for (const k of kubeletsFor(context)) {
          const v = kubeletSetting(k, KUBELET_SETTINGS.authorizationMode);
          if (v.value !== 'Webhook' && v.resource) {
            context.report({ resource: v.resource, path: v.path, messageId: 'notWebhook', data: { file: kubeletLabel(k), shown: v.shown },
              ...(v.source === 'config' ? { fix: { description: 'Authorize kubelet API calls through the API server (SubjectAccessReview).', patch: [{ op: 'replace', path: v.path, value: 'Webhook' }] } } : {}) });
          }
        }
      },
    };
  },
});
