import { defineRule } from '../../core/rule.js';
import { describeSeconds, parseGoDuration } from '../../controlplane/duration.js';
import { kubeletLabel, kubeletSetting, KUBELET_SETTINGS } from '../../controlplane/kubelet.js';
import { kubeletsFor } from '../support/kubelets.js';

export default defineRule({
  meta: {
    id: 'HK-LO-001',
    slug: 'kubelet-streaming-idle-timeout',
    needs: 'the kubelet configuration (/var/lib/kubelet/config.yaml) or its flags (/var/lib/kubelet/kubeadm-flags.env)',
    messages: {
      never: 'Kubelet {{file}} never closes idle exec/attach/port-forward sessions ({{shown}}).',
      tooLong: 'Kubelet {{file}} closes idle exec/attach/port-forward sessions only after {{value}} ({{shown}}); the threshold is {{max}}.',
    },
  },
  create(context) {
    return {
      end() {
        const max = context.config.thresholds.streamingIdleTimeoutMaxSeconds;
        for (const k of kubeletsFor(context)) {
          const v = kubeletSetting(k, KUBELET_SETTINGS.streamingIdle);
          if (!v.resource) continue;
          const seconds = parseGoDuration(v.value ?? '');
          const fix = v.source === 'config' ? { fix: { description: `End idle streams after ${describeSeconds(max)}.`, patch: [{ op: 'replace' as const, path: v.path, value: describeSeconds(max) }] } } : {};
          if (seconds === 0) context.report({ resource: v.resource, path: v.path, messageId: 'never', data: { file: kubeletLabel(k), shown: v.shown }, ...fix });
          else if (seconds === undefined || seconds > max) context.report({ resource: v.resource, path: v.path, messageId: 'tooLong', data: { file: kubeletLabel(k), shown: v.shown, value: seconds === undefined ? String(v.value) : describeSeconds(seconds), max: describeSeconds(max) }, ...fix });
        }
      },
    };
  },
});
