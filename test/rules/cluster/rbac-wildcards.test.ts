import { ruleTester } from '../../support/rule-tester.js';
import rbacWildcards from '../../../src/rules/cluster/rbac-wildcards.js';
import { role, crb } from './fixtures.js';

ruleTester(rbacWildcards, {
  valid: [
    { name: 'explicit rule', yaml: role('reader', '- {apiGroups: [""], resources: [pods], verbs: [get]}') + crb('r', 'reader', '{kind: User, name: alice}') },
    { name: 'built-in admin wildcard', yaml: role('admin', '- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}') + crb('r', 'admin', '{kind: User, name: alice}') },
    { name: 'bound only to a platform identity', yaml: role('ctl', '- {apiGroups: ["*"], resources: [leases], verbs: [get]}') + crb('system:ctl', 'ctl', '{kind: User, name: system:kube-scheduler}') },
  ],
  invalid: [
    {
      name: 'full wildcard bound to a user is critical',
      yaml: role('god', '- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}') + crb('g', 'god', '{kind: User, name: alice}'),
      errors: [{ messageId: 'wildcard', severity: 'critical', line: 6, path: '/rules/0/verbs', contains: 'User alice' }],
    },
    {
      name: 'wildcard verbs on one resource, high',
      yaml: role('pods-all', '- {apiGroups: [""], resources: [pods], verbs: ["*"]}') + crb('p', 'pods-all', '{kind: Group, name: devs}'),
      errors: [{ messageId: 'wildcard', severity: 'high', contains: 'verbs' }],
    },
    {
      name: 'unbound wildcard role is a latent low finding',
      yaml: role('spare', '- {apiGroups: [apps], resources: ["*"], verbs: [get]}'),
      errors: [{ messageId: 'unbound', severity: 'low', path: '/rules/0/resources' }],
    },
  ],
});
