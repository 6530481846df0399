import { ruleTester } from '../../support/rule-tester.js';
import clientCertIdentities from '../../../src/rules/cluster/client-cert-identities.js';
import { crb } from './fixtures.js';

ruleTester(clientCertIdentities, {
  valid: [
    { name: 'all federated', yaml: crb('a', 'view', '{kind: User, name: "oidc:alice@example.com"}') + crb('b', 'view', '{kind: Group, name: "oidc:sre"}') },
    { name: 'no convention visible', yaml: crb('a', 'view', '{kind: User, name: alice}') },
  ],
  invalid: [
    { name: 'local user beside OIDC ones', yaml: crb('a', 'view', '{kind: User, name: "oidc:alice@example.com"}') + crb('b', 'edit', '{kind: User, name: bob}'), errors: [{ messageId: 'localSubject', resource: 'b', contains: 'User bob' }] },
    {
      name: 'approved client CSR for a person',
      yaml: 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: bob}\nspec: {signerName: kubernetes.io/kube-apiserver-client, username: bob, request: "", usages: [client auth]}\nstatus: {conditions: [{type: Approved, status: "True"}]}\n',
      errors: [{ messageId: 'csr' }],
    },
  ],
});
