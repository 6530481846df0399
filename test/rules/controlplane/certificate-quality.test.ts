import rule from '../../../src/rules/controlplane/certificate-quality.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docsExample } from '../../support/docs-page.js';
import { fixtureFindings } from './fixture-findings.js';

fixtureFindings(rule, { hardened: [], kubeadm: [] });

// The docs page holds a real RSA-1024/SHA-1 certificate and a sound one; the page's own test runs them too.
ruleTester(rule, {
  valid: [{ name: 'RSA 2048 with SHA-256 in a TLS Secret', yaml: docsExample('HK-TX-013', 'Passing example') }],
  invalid: [{ name: 'RSA 1024 with SHA-1 in a TLS Secret', yaml: docsExample('HK-TX-013', 'Failing example'), errors: [{ messageId: 'weak', path: '/data/tls.crt', resource: 'ehr-portal-tls' }] }],
});
