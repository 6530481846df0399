import { ruleTester } from '../../support/rule-tester.js';
import allowAllRules from '../../../src/rules/cluster/allow-all-rules.js';
import { ns, np } from './fixtures.js';

ruleTester(allowAllRules, {
  valid: [
    { name: 'narrow rule', yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}]') },
    { name: 'ports-only rule', yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress: [{ports: [{port: 443}]}]') },
    { name: 'not PHI', yaml: ns('w', 'none') + np('w', 'x', '  podSelector: {}\n  ingress: [{}]') },
  ],
  invalid: [
    { name: 'empty rule', yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress:\n  - {}'), errors: [{ messageId: 'emptyRule', path: '/spec/ingress/0', line: 13 }] },
    {
      name: 'any namespace and whole internet',
      yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]'),
      errors: [{ messageId: 'anyNamespace', path: '/spec/ingress/0/from/0/namespaceSelector' }, { messageId: 'anyAddress', path: '/spec/egress/0/to/0/ipBlock/cidr' }],
    },
  ],
});
