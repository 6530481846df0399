import { ruleTester } from '../../support/rule-tester.js';
import metadataApiReachable from '../../../src/rules/cluster/metadata-api-reachable.js';
import { ns, server, np } from './fixtures.js';

ruleTester(metadataApiReachable, {
  valid: [{ name: 'excepted', yaml: ns('p') + server('p', 'a') + np('p', 'out', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]') }],
  invalid: [
    { name: 'no egress policy', yaml: ns('p') + server('p', 'a'), errors: [{ messageId: 'unisolated' }] },
    { name: 'link-local allowed', yaml: ns('p') + server('p', 'a') + np('p', 'out', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 169.254.0.0/16}}]}]'), errors: [{ messageId: 'allowed', resource: 'out' }] },
  ],
});
