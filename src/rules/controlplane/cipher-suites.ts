import type { KubeResource } from '../../core/resource.js';
import { asObject, asString } from '../../core/resource.js';
import type { RuleContext } from '../../core/rule.js';
import { defineRule } from '../../core/rule.js';
import { listOf } from '../../controlplane/flags.js';
import { kubeletLabel, kubeletSetting, KUBELET_SETTINGS } from '../../controlplane/kubelet.js';
import { controlPlaneOf } from '../../controlplane/model.js';
import { gradeCiphers, weakOpensslCiphers } from '../../controlplane/tls.js';

export default defineRule({
  meta: {
    id: 'HK-TX-004',
    slug: 'cipher-suites',
    needs: 'the kube-apiserver or etcd static Pod manifest, the kubelet configuration, or the ingress-nginx ConfigMap',
    messages: {
      unset: '{{who}} does not restrict its TLS cipher suites ({{flag}} unset), so it accepts whatever its Go runtime enables; pin ECDHE + AES-GCM/ChaCha20 suites.',
      insecure: '{{who}} accepts broken or CBC cipher suites: {{suites}}.',
      noPfs: '{{who}} accepts cipher suites without forward secrecy: {{suites}} (recorded traffic can be decrypted if the key leaks).',
      ingress: 'ingress-nginx ssl-ciphers enables weak ciphers: {{suites}}.',
    },
  },
  create(context) {
    const grade = (who: string, flag: string, value: string | undefined, resource: KubeResource, path: string): void => {
      if (value === undefined || value === '') { context.report({ resource, path, messageId: 'unset', data: { who, flag }, severity: 'low', phi: true }); return; }
      const g = gradeCiphers(listOf(value));
      if (g.insecure.length > 0) context.report({ resource, path, messageId: 'insecure', data: { who, suites: g.insecure.join(', ') }, phi: true });
      if (g.noForwardSecrecy.length > 0) context.report({ resource, path, messageId: 'noPfs', data: { who, suites: g.noForwardSecrecy.join(', ') }, severity: 'low', phi: true });
    };
    const components = (ctx: RuleContext): void => {
      const model = controlPlaneOf(ctx);
      for (const [name, flag] of [['kube-apiserver', 'tls-cipher-suites'], ['etcd', 'cipher-suites']] as const) {
        for (const c of model.components.get(name) ?? []) {
          ctx.markEvaluated();
          const f = c.flags.get(flag);
          grade(name, '--' + flag, f?.value, c.resource, f?.path ?? c.anchor);
        }
      }
      for (const k of model.kubelets) {
        const v = kubeletSetting(k, KUBELET_SETTINGS.tlsCipherSuites);
        if (!v.resource) continue;
        ctx.markEvaluated();
        grade(`Kubelet ${kubeletLabel(k)}`, 'tlsCipherSuites', v.value, v.resource, v.path);
      }
    };
    return {
      end() {
        components(context);
        for (const cm of context.inventory.ofKind('ConfigMap')) {
          const data = asObject(cm.object['data']);
          const ciphers = asString(data?.['ssl-ciphers']);
          if (ciphers === undefined || !/ingress|nginx/i.test(cm.ref.name + (cm.ref.namespace ?? ''))) continue;
          context.markEvaluated();
          const weak = weakOpensslCiphers(ciphers);
          if (weak.length > 0) context.report({ resource: cm, path: '/data/ssl-ciphers', messageId: 'ingress', data: { suites: weak.join(', ') } });
        }
      },
    };
  },
});
