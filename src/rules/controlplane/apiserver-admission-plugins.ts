import { defineRule } from '../../core/rule.js';
import { listOf } from '../../controlplane/flags.js';
import { componentsFor } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-AC-017',
    slug: 'apiserver-admission-plugins',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      noNodeRestriction: 'kube-apiserver does not enable NodeRestriction ({{shown}}): a compromised kubelet can modify other nodes and pods it does not run.',
      disabled: 'kube-apiserver disables the {{plugin}} admission plugin (--disable-admission-plugins={{value}}).',
      alwaysAdmit: 'kube-apiserver enables AlwaysAdmit, which admits every request unchecked.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver')) {
          const enable = c.flags.get('enable-admission-plugins') ?? c.flags.get('admission-control');
          const disable = c.flags.get('disable-admission-plugins');
          const enabled = listOf(enable?.value);
          if (!enabled.includes('NodeRestriction')) {
            context.report({ resource: c.resource, path: enable?.path ?? c.anchor, messageId: 'noNodeRestriction', data: { shown: enable ? `--${enable.name}=${enable.value}` : '--enable-admission-plugins unset' } });
          }
          if (enabled.includes('AlwaysAdmit') && enable) context.report({ resource: c.resource, path: enable.path, messageId: 'alwaysAdmit' });
          for (const plugin of ['ServiceAccount', 'NamespaceLifecycle', 'NodeRestriction', 'PodSecurity']) {
            if (disable && listOf(disable.value).includes(plugin)) context.report({ resource: c.resource, path: disable.path, messageId: 'disabled', data: { plugin, value: disable.value } });
          }
        }
      },
    };
  },
});
