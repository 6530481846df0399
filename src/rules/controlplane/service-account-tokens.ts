import { defineRule } from '../../core/rule.js';
import { isFalse, isTrue } from '../../controlplane/flags.js';
import { componentsFor, controlPlaneOf } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-ID-010',
    slug: 'service-account-tokens',
    needs: 'the kube-apiserver and kube-controller-manager static Pod manifests (/etc/kubernetes/manifests/)',
    messages: {
      lookupOff: 'kube-apiserver sets --service-account-lookup=false: tokens of deleted service accounts keep working.',
      noKeyFile: 'kube-apiserver has no --service-account-key-file, so token signatures are checked only against its serving key.',
      noCredentials: 'kube-controller-manager runs every controller under its own identity ({{shown}}); set --use-service-account-credentials=true so each controller has least privilege and its own audit trail.',
      noPrivateKey: 'kube-controller-manager has no --service-account-private-key-file, so it cannot sign service-account tokens.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver')) {
          const lookup = c.flags.get('service-account-lookup');
          if (lookup && isFalse(lookup.value)) context.report({ resource: c.resource, path: lookup.path, messageId: 'lookupOff' });
          if (!c.flags.has('service-account-key-file')) context.report({ resource: c.resource, path: c.anchor, messageId: 'noKeyFile' });
        }
        for (const c of controlPlaneOf(context).components.get('kube-controller-manager') ?? []) {
          context.markEvaluated();
          const creds = c.flags.get('use-service-account-credentials');
          if (!isTrue(creds?.value)) context.report({ resource: c.resource, path: creds?.path ?? c.anchor, messageId: 'noCredentials', data: { shown: creds ? `--use-service-account-credentials=${creds.value}` : '--use-service-account-credentials unset' } });
          if (!c.flags.has('service-account-private-key-file')) context.report({ resource: c.resource, path: c.anchor, messageId: 'noPrivateKey' });
        }
      },
    };
  },
});
