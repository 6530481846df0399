import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { listOf } from '../../controlplane/flags.js';
import { askForFile, componentsFor, controlPlaneOf } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-AC-015',
    slug: 'apiserver-authorization-mode',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      alwaysAllow: 'kube-apiserver authorizes every request: authorization "{{value}}" includes AlwaysAllow.',
      unset: 'kube-apiserver sets neither --authorization-mode nor --authorization-config, so it defaults to AlwaysAllow: every authenticated request is allowed.',
      missing: 'kube-apiserver authorization "{{value}}" lacks {{missing}}; Node and RBAC are both needed (Node limits kubelets to their own pods and secrets).',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver', 'authorization is the provider\'s (IAM-mapped RBAC)')) {
          const mode = c.flags.get('authorization-mode');
          const cfg = c.flags.get('authorization-config');
          let types: string[];
          let path: string;
          let resource = c.resource;
          if (cfg) {
            const file = controlPlaneOf(context).fileOf(cfg, 'AuthorizationConfiguration');
            if ('missing' in file) { askForFile(context, 'kube-apiserver', cfg, 'an AuthorizationConfiguration'); continue; }
            const ac = file.resources[0];
            if (!ac) continue;
            resource = ac;
            path = '/authorizers';
            types = asArray(ac.object['authorizers']).map((a) => asString(asObject(a)?.['type']) ?? '');
          } else if (mode) {
            types = listOf(mode.value);
            path = mode.path;
          } else {
            context.report({ resource: c.resource, path: c.anchor, messageId: 'unset' });
            continue;
          }
          const value = types.join(',');
          if (types.includes('AlwaysAllow')) {
            context.report({ resource, path, messageId: 'alwaysAllow', data: { value } });
            continue;
          }
          const missing = ['Node', 'RBAC'].filter((t) => !types.includes(t));
          if (missing.length > 0) context.report({ resource, path, messageId: 'missing', data: { value, missing: missing.join(' and ') }, severity: missing.includes('RBAC') ? 'critical' : 'high' });
        }
      },
    };
  },
});
