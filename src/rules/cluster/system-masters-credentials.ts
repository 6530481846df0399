import { X509Certificate } from 'node:crypto';
import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';

export default defineRule({
  meta: {
    id: 'HK-AC-003',
    slug: 'system-masters-credentials',
    needs: 'kubeconfig files (kind: Config) with client certificates',
    kinds: ['Config'],
    messages: {
      masters: 'kubeconfig user "{{user}}" holds a client certificate for {{subject}} in group system:masters: it bypasses RBAC and cannot be revoked until {{until}}.',
    },
  },
  create(context) {
    return {
      resource(r) {
        const users = asArray(r.object['users']);
        users.forEach((u, i) => {
          const data = asString(asObject(asObject(u)?.['user'])?.['client-certificate-data']);
          if (!data) return;
          let cert: X509Certificate;
          try {
            cert = new X509Certificate(Buffer.from(data, 'base64'));
          } catch {
            return;
          }
          const subject = cert.subject.split('\n');
          if (!subject.includes('O=system:masters')) return;
          context.report({ resource: r, path: `/users/${i}/user/client-certificate-data`, messageId: 'masters', phi: true,
            data: { user: asString(asObject(u)?.['name']) ?? `#${i}`, subject: subject.find((s) => s.startsWith('CN=')) ?? 'CN=?', until: cert.validTo } });
        });
      },
    };
  },
});
