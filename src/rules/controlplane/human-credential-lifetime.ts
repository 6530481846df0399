import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { subjectField, validityDays } from '../../controlplane/certificate.js';
import { certificatesIn } from '../../controlplane/certificate-sources.js';

export default defineRule({
  meta: {
    id: 'HK-LO-005',
    slug: 'human-credential-lifetime',
    needs: 'kubeconfig files (/etc/kubernetes/admin.conf, ~/.kube/config)',
    kinds: ['Config'],
    marksEvaluated: true,
    messages: {
      token: 'Kubeconfig user "{{user}}" carries a static bearer token: it never times out and is not tied to a person\'s session. Use an exec/OIDC credential plugin.',
      password: 'Kubeconfig user "{{user}}" carries a username and password.',
      clientCert: 'Kubeconfig user "{{user}}" signs in with a client certificate for {{cn}} valid for {{days}} days: no session ends, and it cannot be revoked. Use an exec/OIDC credential plugin.',
    },
  },
  evaluatesResource: (r) => asArray(r.object['users']).length > 0,
  create(context) {
    return {
      resource(r) {
        if (asArray(r.object['users']).length === 0) return;
        const certs = context.models.get('certificates', () => certificatesIn(context.inventory)).filter((f) => f.resource === r);
        asArray(r.object['users']).forEach((raw, i) => {
          const u = asObject(raw);
          const user = asObject(u?.['user']) ?? {};
          const name = asString(u?.['name']) ?? String(i);
          if (user['exec'] !== undefined || user['auth-provider'] !== undefined) return;
          if (asString(user['token']) !== undefined) context.report({ resource: r, path: `/users/${i}/user/token`, messageId: 'token', data: { user: name }, phi: true });
          if (asString(user['password']) !== undefined) context.report({ resource: r, path: `/users/${i}/user/password`, messageId: 'password', data: { user: name }, phi: true });
          const cert = certs.find((c) => c.path === `/users/${i}/user/client-certificate-data`);
          if (cert?.humanClient && validityDays(cert.cert) > 1) {
            context.report({ resource: r, path: cert.path, messageId: 'clientCert', data: { user: name, cn: subjectField(cert.cert.subject, 'CN')[0] ?? '?', days: Math.round(validityDays(cert.cert)) }, phi: true });
          }
        });
      },
    };
  },
});
