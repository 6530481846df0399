import { ruleTester } from '../../support/rule-tester.js';
import rbacEscalationVerbs from '../../../src/rules/cluster/rbac-escalation-verbs.js';
import { role, crb } from './fixtures.js';

ruleTester(rbacEscalationVerbs, {
  valid: [
    { name: 'create bindings without bind', yaml: role('r', '- {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}') + crb('b', 'r', '{kind: User, name: a}') },
  ],
  invalid: [
    {
      name: 'impersonate users',
      yaml: role('r', '- {apiGroups: [""], resources: [users], verbs: [impersonate]}') + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', severity: 'critical', contains: 'impersonate users' }],
    },
    {
      name: 'create bindings together with bind',
      yaml: role('r', '- {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings, clusterroles], verbs: [create, bind]}') + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', contains: 'create rolebindings' }],
    },
    { name: 'unbound escalate', yaml: role('r', '- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}'), errors: [{ messageId: 'unbound' }] },
  ],
});
