import { ruleTester } from '../../support/rule-tester.js';
import danglingNetworkpolicy from '../../../src/rules/cluster/dangling-networkpolicy.js';
import { ns, server, np } from './fixtures.js';

ruleTester(danglingNetworkpolicy, {
  valid: [
    { name: 'selects a pod', yaml: ns('p') + server('p', 'a') + np('p', 'x', '  podSelector: {matchLabels: {app: a}}') },
    { name: 'no workloads in the input', yaml: ns('p') + np('p', 'x', '  podSelector: {matchLabels: {app: a}}') },
  ],
  invalid: [
    { name: 'typo in selector: says what is known (no pod in the input), not that it protects nothing', yaml: ns('p') + server('p', 'a') + np('p', 'x', '  podSelector: {matchExpressions: [{key: app, operator: In, values: [b]}]}'),
      errors: [{ messageId: 'dangling', severity: 'low', path: '/spec/podSelector', contains: 'selects no pod in the input (none of the 1 workload(s) given for PHI namespace "p")' }] },
  ],
});
