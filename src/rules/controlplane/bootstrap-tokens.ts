import { defineRule } from '../../core/rule.js';
import { asObject, asString } from '../../core/resource.js';

function field(data: Record<string, unknown> | undefined, stringData: Record<string, unknown> | undefined, key: string): { value: string; where: 'data' | 'stringData' } | undefined {
  const plain = asString(stringData?.[key]);
  if (plain !== undefined) return { value: plain, where: 'stringData' };
  const b64 = asString(data?.[key]);
  if (b64 !== undefined) return { value: Buffer.from(b64, 'base64').toString('utf8'), where: 'data' };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'HK-ID-006',
    slug: 'bootstrap-tokens',
    needs: 'Secrets of type bootstrap.kubernetes.io/token in kube-system (kubectl get secrets -n kube-system -o yaml)',
    kinds: ['Secret'],
    messages: {
      noExpiry: 'Bootstrap token {{name}} has no expiration: anyone holding it can join nodes (and act as a bootstrapper) forever.',
      expired: 'Bootstrap token {{name}} expired at {{expiration}} but is still present; delete it.',
      extraGroups: 'Bootstrap token {{name}} authenticates into groups {{groups}} beyond system:bootstrappers:*.',
    },
  },
  create(context) {
    return {
      resource(r) {
        if (asString(r.object['type']) !== 'bootstrap.kubernetes.io/token') return;
        const data = asObject(r.object['data']);
        const stringData = asObject(r.object['stringData']);
        const name = r.ref.name;
        const exp = field(data, stringData, 'expiration');
        if (!exp) {
          context.report({ resource: r, path: data ? '/data' : stringData ? '/stringData' : '', messageId: 'noExpiry', data: { name }, phi: true });
        } else if (!(Date.parse(exp.value) > Date.parse(context.config.now))) {
          context.report({ resource: r, path: `/${exp.where}/expiration`, messageId: 'expired', data: { name, expiration: exp.value }, phi: true });
        }
        const auth = field(data, stringData, 'usage-bootstrap-authentication');
        const groups = field(data, stringData, 'auth-extra-groups');
        if (auth?.value === 'true' && groups) {
          const extra = groups.value.split(',').map((g) => g.trim()).filter((g) => g !== '' && !g.startsWith('system:bootstrappers:'));
          if (extra.length > 0) context.report({ resource: r, path: `/${groups.where}/auth-extra-groups`, messageId: 'extraGroups', data: { name, groups: extra.join(', ') }, severity: 'high', phi: true });
        }
      },
    };
  },
});
