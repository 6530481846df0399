import type { RuleContext } from '../../core/rule.js';
import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { isFalse } from '../../controlplane/flags.js';
import { askForFile, componentsFor, controlPlaneOf } from '../../controlplane/model.js';

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

/** Bindings that hand something to anonymous callers beyond the default discovery role (HK-AC-012's subject). */
function anonymousBindings(context: RuleContext): string[] {
  const out: string[] = [];
  for (const b of context.inventory.ofKind('ClusterRoleBinding', 'RoleBinding')) {
    const role = asString(asObject(b.object['roleRef'])?.['name']) ?? '';
    if (role === 'system:public-info-viewer') continue;
    const anon = asArray(b.object['subjects']).some((s) => {
      const name = asString(asObject(s)?.['name']);
      return name === 'system:anonymous' || name === 'system:unauthenticated';
    });
    if (anon) out.push(`${b.ref.kind} ${b.ref.name} → ${role}`);
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'HK-ID-001',
    slug: 'apiserver-anonymous-auth',
    needs: 'the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml)',
    messages: {
      enabled: 'kube-apiserver accepts anonymous requests ({{shown}}){{bound}}. Limit anonymous access to /healthz, /livez and /readyz with an AuthenticationConfiguration, or set --anonymous-auth=false.',
      unlimited: 'AuthenticationConfiguration enables anonymous access {{scope}}{{bound}}; restrict anonymous.conditions to /healthz, /livez and /readyz.',
    },
  },
  create(context) {
    return {
      end() {
        for (const c of componentsFor(context, 'kube-apiserver', 'check anonymous access in the provider settings')) {
          const bindings = anonymousBindings(context);
          const bound = bindings.length > 0 ? `, and RBAC grants anonymous callers ${bindings.join('; ')} (critical)` : '';
          const severity = bindings.length > 0 ? 'critical' as const : undefined;
          const cfgFlag = c.flags.get('authentication-config');
          if (cfgFlag) {
            const file = controlPlaneOf(context).fileOf(cfgFlag, 'AuthenticationConfiguration');
            if ('missing' in file) { askForFile(context, 'kube-apiserver', cfgFlag, 'an AuthenticationConfiguration'); continue; }
            const ac = file.resources[0];
            const anon = asObject(ac?.object['anonymous']);
            if (ac && anon) {
              if (anon['enabled'] !== true) continue;
              const paths = asArray(anon['conditions']).map((x) => asString(asObject(x)?.['path']) ?? '');
              const wide = paths.length === 0 || paths.some((p) => !HEALTH_PATHS.has(p));
              if (wide) context.report({ resource: ac, path: '/anonymous', messageId: 'unlimited', data: { scope: paths.length === 0 ? 'for every path' : `for ${paths.join(', ')}`, bound }, ...(severity ? { severity } : {}) });
              continue;
            }
          }
          const flag = c.flags.get('anonymous-auth');
          if (isFalse(flag?.value)) continue;
          context.report({ resource: c.resource, path: flag?.path ?? c.anchor, messageId: 'enabled', data: { shown: flag ? `--anonymous-auth=${flag.value}` : '--anonymous-auth unset, default true', bound }, ...(severity ? { severity } : {}) });
        }
      },
    };
  },
});
