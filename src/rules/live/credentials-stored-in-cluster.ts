import yaml from 'js-yaml';
import { defineRule } from '../../core/rule.js';
import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString, isObject } from '../../core/resource.js';

const JWT = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/;

/** What credential a stored value is: a kubeconfig with credentials, or a ServiceAccount token; undefined otherwise. */
function credentialIn(value: string): string | undefined {
  const text = value.trim();
  if (JWT.test(text)) {
    try {
      const claims = JSON.parse(Buffer.from(text.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      if (claims['iss'] === 'kubernetes/serviceaccount' || isObject(claims['kubernetes.io']) || String(claims['sub'] ?? '').startsWith('system:serviceaccount:')) return 'a ServiceAccount token';
    } catch { /* not a token */ }
    return undefined;
  }
  if (!/\bkind:\s*Config\b|"kind":\s*"Config"/.test(text) || !/users/.test(text)) return undefined;
  let doc: unknown;
  try { doc = yaml.load(text, { json: true }); } catch { return undefined; }
  if (!isObject(doc) || doc['kind'] !== 'Config') return undefined;
  const withCredentials = asArray(doc['users']).some((u) => {
    const user = asObject(asObject(u)?.['user']);
    return !!user && ['token', 'client-key-data', 'client-key', 'password'].some((k) => typeof user[k] === 'string' && user[k] !== '');
  });
  return withCredentials ? 'a kubeconfig with credentials' : undefined;
}

function decoded(v: unknown): string | undefined {
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

export default defineRule({
  meta: {
    id: 'HK-SE-006',
    slug: 'credentials-stored-in-cluster',
    needs: 'ConfigMaps or Secrets with their data',
    kinds: ['ConfigMap', 'Secret'],
    marksEvaluated: true,
    messages: {
      stored: '{{kind}} "{{name}}" key "{{key}}" holds {{what}}: anyone who can read the {{kind}} can act as that identity against the cluster.',
    },
  },
  create(context) {
    const check = (r: KubeResource, field: string, decode: boolean): void => {
      const data = asObject(r.object[field]);
      if (!data) return;
      context.markEvaluated();
      for (const key of Object.keys(data)) {
        const value = decode ? decoded(data[key]) : asString(data[key]);
        const what = value !== undefined ? credentialIn(value) : undefined;
        if (what) context.report({ resource: r, path: `/${field}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, messageId: 'stored', data: { kind: r.ref.kind, name: r.ref.name, key, what } });
      }
    };
    return {
      resource(r) {
        if (r.ref.kind === 'ConfigMap') {
          check(r, 'data', false);
          return;
        }
        // Legacy ServiceAccount token Secrets are the API's own store (HK-LO-004 judges them); any other Secret is a copy.
        if (r.object['type'] === 'kubernetes.io/service-account-token') return;
        check(r, 'data', true);
        check(r, 'stringData', false);
      },
    };
  },
});
