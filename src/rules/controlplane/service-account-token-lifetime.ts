import { defineRule } from '../../core/rule.js';
import { isFalse } from '../../controlplane/flags.js';
import { describeSeconds, parseGoDuration } from '../../controlplane/duration.js';
import { componentsFor } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-LO-002',
    slug: 'service-account-token-lifetime',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      noMax: 'kube-apiserver sets no --service-account-max-token-expiration: a client may request service-account tokens valid for any length of time.',
      tooLong: 'kube-apiserver allows service-account tokens valid for {{value}} (--service-account-max-token-expiration={{raw}}); the threshold is {{max}}.',
      extended: 'kube-apiserver extends projected tokens to one year ({{shown}}); set --service-account-extend-token-expiration=false.',
    },
  },
  create(context) {
    return {
      end() {
        const max = context.config.thresholds.serviceAccountTokenMaxSeconds;
        for (const c of componentsFor(context, 'kube-apiserver')) {
          const f = c.flags.get('service-account-max-token-expiration');
          if (!f) context.report({ resource: c.resource, path: c.anchor, messageId: 'noMax' });
          else {
            const s = parseGoDuration(f.value);
            if (s === undefined || s > max) context.report({ resource: c.resource, path: f.path, messageId: 'tooLong', data: { value: s === undefined ? f.value : describeSeconds(s), raw: f.value, max: describeSeconds(max) } });
          }
          const ext = c.flags.get('service-account-extend-token-expiration');
          if (!isFalse(ext?.value)) context.report({ resource: c.resource, path: ext?.path ?? c.anchor, messageId: 'extended', data: { shown: ext ? `--service-account-extend-token-expiration=${ext.value}` : 'the default is true' } });
        }
      },
    };
  },
});
