import rule from '../../../src/rules/controlplane/certificate-validity.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docsExample } from '../../support/docs-page.js';
import { fixtureText } from '../../support/fixture-text.js';
import { fixtureFindings } from './fixture-findings.js';

fixtureFindings(rule, { hardened: [], kubeadm: [] });

const certificate = (status: string): string =>
  `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: portal\n  namespace: patients\nspec:\n  secretName: portal-tls\nstatus:\n${status}\n`;
ruleTester(rule, {
  valid: [
    { name: 'cert-manager Certificate, Ready and valid for long', yaml: certificate('  notAfter: "2027-06-01T00:00:00Z"\n  conditions:\n    - {type: Ready, status: "True"}') },
  ],
  invalid: [
    { name: 'a TLS Secret certificate past its notAfter (2026-10-15)', yaml: docsExample('HK-ID-011', 'Failing example'), errors: [{ messageId: 'expired', severity: 'critical', path: '/data/tls.crt', contains: 'expired on 2026-10-15' }] },
    { name: 'the same certificate two weeks before it expires', yaml: docsExample('HK-ID-011', 'Failing example'), config: { now: '2026-10-01T00:00:00Z' }, errors: [{ messageId: 'expiring', contains: 'in 14 days (warning at 30 days)' }] },
    { name: 'a person\'s client certificate valid for two years', yaml: fixtureText('certs/alice-two-year-client.kubeconfig.yaml'), errors: [{ messageId: 'longHuman', severity: 'medium', path: '/users/0/user/client-certificate-data', contains: 'valid for 730 days' }] },
    { name: 'expired', yaml: certificate('  notAfter: "2026-10-01T00:00:00Z"'), errors: [{ messageId: 'certManager', severity: 'critical', path: '/status/notAfter', contains: 'expired on 2026-10-01' }] },
    { name: 'expires within the warning window', yaml: certificate('  notAfter: "2026-11-10T00:00:00Z"'), errors: [{ messageId: 'certManager', contains: 'expires on 2026-11-10' }] },
    { name: 'not Ready', yaml: certificate('  notAfter: "2027-06-01T00:00:00Z"\n  conditions:\n    - {type: Ready, status: "False", reason: Failed}'), errors: [{ messageId: 'certManager', severity: 'medium', contains: 'is not Ready (Failed)' }] },
  ],
});
