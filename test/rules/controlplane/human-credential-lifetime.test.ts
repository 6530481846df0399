import rule from '../../../src/rules/controlplane/human-credential-lifetime.js';
import { ruleTester } from '../../support/rule-tester.js';
import { fixtureText } from '../../support/fixture-text.js';
import { fixtureFindings } from './fixture-findings.js';

fixtureFindings(rule, {
  hardened: [],
  kubeadm: [
    { at: '/etc/kubernetes/admin.conf:18', says: 'user "kubernetes-admin" signs in with a client certificate for kubernetes-admin valid for 365 days' },
    { at: '/etc/kubernetes/super-admin.conf:18', says: 'user "kubernetes-super-admin" signs in with a client certificate' },
  ],
});

const kubeconfig = (user: string): string => `apiVersion: v1\nkind: Config\nusers:\n  - name: alice\n    user:\n${user}\n`;
ruleTester(rule, {
  valid: [
    { name: 'an exec credential plugin', yaml: kubeconfig('      exec: {apiVersion: client.authentication.k8s.io/v1, command: kubelogin}') },
  ],
  invalid: [
    { name: 'a two-year client certificate', yaml: fixtureText('certs/alice-two-year-client.kubeconfig.yaml'), errors: [{ messageId: 'clientCert', contains: 'certificate for alice valid for 730 days' }] },
    { name: 'a static bearer token', yaml: kubeconfig('      token: abc'), errors: [{ messageId: 'token', path: '/users/0/user/token', contains: '"alice"' }] },
    { name: 'a username and password', yaml: kubeconfig('      username: alice\n      password: secret'), errors: [{ messageId: 'password', path: '/users/0/user/password' }] },
  ],
});
