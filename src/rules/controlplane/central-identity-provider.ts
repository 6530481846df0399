import { defineRule } from '../../core/rule.js';
import { asArray } from '../../core/resource.js';
import { askForFile, componentsFor, controlPlaneOf } from '../../controlplane/model.js';

export default defineRule({
  meta: {
    id: 'HK-ID-003',
    slug: 'central-identity-provider',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      none: 'kube-apiserver has no central identity provider (no --oidc-issuer-url with --oidc-client-id, no AuthenticationConfiguration jwt issuer, no token webhook): people must use client certificates or static tokens, which cannot be revoked when they leave.',
      partialOidc: 'kube-apiserver sets --oidc-issuer-url without --oidc-client-id, so OIDC tokens are not accepted.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver', 'people sign in through the provider\'s IAM (EKS access entries, Google identities, Entra ID)')) {
          if (c.flags.has('authentication-token-webhook-config-file')) continue;
          const cfg = c.flags.get('authentication-config');
          if (cfg) {
            const file = controlPlaneOf(context).fileOf(cfg, 'AuthenticationConfiguration');
            if ('missing' in file) { askForFile(context, 'kube-apiserver', cfg, 'an AuthenticationConfiguration'); continue; }
            if (file.resources.some((r) => asArray(r.object['jwt']).length > 0)) continue;
          }
          const issuer = c.flags.get('oidc-issuer-url');
          if (issuer && c.flags.has('oidc-client-id')) continue;
          if (issuer) context.report({ resource: c.resource, path: issuer.path, messageId: 'partialOidc' });
          else context.report({ resource: c.resource, path: c.anchor, messageId: 'none' });
        }
      },
    };
  },
});
