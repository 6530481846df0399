import { ruleTester } from '../../support/rule-tester.js';
import genericAdminIdentity from '../../../src/rules/cluster/generic-admin-identity.js';
import { crb } from './fixtures.js';

ruleTester(genericAdminIdentity, {
  valid: [{ name: 'personal', yaml: crb('a', 'view', '{kind: User, name: alice}') }],
  invalid: [{ name: 'kubernetes-admin', yaml: crb('a', 'cluster-admin', '{kind: User, name: kubernetes-admin}'), errors: [{ messageId: 'generic', path: '/subjects/0' }] }],
});
