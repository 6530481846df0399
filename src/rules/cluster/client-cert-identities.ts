import { defineRule } from '../../core/rule.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { rbacOf } from '../../analysis/shared-models.js';
import { describeSubject } from '../../analysis/rbac/model.js';

// An IdP identity carries an issuer prefix (oidc:, https://...) or is an e-mail address.
function looksFederated(name: string): boolean {
  return name.includes('@') || (/^[a-z0-9.-]+:/i.test(name) && !name.startsWith('system:'));
}

export default defineRule({
  meta: {
    id: 'HK-ID-004',
    slug: 'client-cert-identities',
    needs: 'RBAC bindings or CertificateSigningRequests',
    messages: {
      localSubject: '{{bindingKind}} "{{binding}}" binds {{subject}}, which does not follow the IdP naming used elsewhere in the input ({{example}}): likely a client-certificate or static identity that cannot be revoked.',
      csr: 'CertificateSigningRequest "{{name}}" for user "{{user}}" was approved for the kube-apiserver-client signer: a client certificate for a person cannot be revoked before it expires.',
    },
  },
  evaluates: (context) => context.inventory.ofKind('CertificateSigningRequest').length > 0 || rbacOf(context).bindings.length > 0,
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        for (const csr of inv.ofKind('CertificateSigningRequest')) {
          const spec = asObject(csr.object['spec']) ?? {};
          const user = asString(spec['username']) ?? '';
          const approved = asArray(asObject(csr.object['status'])?.['conditions']).some((c) => asString(asObject(c)?.['type']) === 'Approved');
          if (approved && asString(spec['signerName']) === 'kubernetes.io/kube-apiserver-client' && !user.startsWith('system:')) {
            context.report({ resource: csr, path: '/spec/signerName', messageId: 'csr', data: { name: csr.ref.name, user } });
          }
        }
        const model = rbacOf(context);
        if (model.bindings.length === 0) return;
        const people = model.bindings.flatMap((b) => b.subjects.map((s) => ({ b, ...s }))).filter((s) => s.subject.kind !== 'ServiceAccount' && !s.subject.name.startsWith('system:'));
        const example = people.find((s) => looksFederated(s.subject.name));
        // Without any federated name in the input there is no convention to compare with.
        if (!example) return;
        for (const s of people) {
          if (looksFederated(s.subject.name)) continue;
          context.report({ resource: s.b.resource, path: `/subjects/${s.index}`, messageId: 'localSubject',
            data: { bindingKind: s.b.kind, binding: s.b.name, subject: describeSubject(s.subject), example: describeSubject(example.subject) } });
        }
      },
    };
  },
});
