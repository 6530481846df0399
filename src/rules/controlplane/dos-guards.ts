import { defineRule } from '../../core/rule.js';
import { isFalse, listOf } from '../../controlplane/flags.js';
import { kubeletLabel, kubeletSetting, KUBELET_SETTINGS } from '../../controlplane/kubelet.js';
import { controlPlaneOf } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-AV-003',
    slug: 'dos-guards',
    needs: 'the kubelet configuration (/var/lib/kubelet/config.yaml) or the kube-apiserver static Pod manifest',
    messages: {
      pids: 'Kubelet {{file}} sets no pod PID limit ({{shown}}): one fork bomb exhausts the node\'s PIDs and takes down every pod on it.',
      apf: 'kube-apiserver turns off API Priority and Fairness (--enable-priority-and-fairness=false){{erl}}: one noisy client can starve the others.',
    },
  },
  create(context) {
    return {
      end() {
        const model = controlPlaneOf(context);
        for (const k of model.kubelets) {
          const v = kubeletSetting(k, KUBELET_SETTINGS.podPidsLimit);
          if (!v.resource) continue;
          context.markEvaluated();
          if (!(Number(v.value) > 0)) context.report({ resource: v.resource, path: v.path, messageId: 'pids', data: { file: kubeletLabel(k), shown: v.shown },
            ...(v.source !== 'flag' && k.config ? { fix: { description: 'Cap PIDs per pod.', patch: [{ op: 'add' as const, path: '/podPidsLimit', value: 4096 }] } } : {}) });
        }
        for (const c of model.components.get('kube-apiserver') ?? []) {
          context.markEvaluated();
          const apf = c.flags.get('enable-priority-and-fairness');
          const erl = listOf(c.flags.get('enable-admission-plugins')?.value).includes('EventRateLimit');
          if (apf && isFalse(apf.value) && !erl) context.report({ resource: c.resource, path: apf.path, messageId: 'apf', data: { erl: ' and does not enable EventRateLimit' } });
        }
      },
    };
  },
});
