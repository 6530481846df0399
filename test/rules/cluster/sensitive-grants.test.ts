import { ruleTester } from '../../support/rule-tester.js';
import sensitiveGrants from '../../../src/rules/cluster/sensitive-grants.js';
import { role, crb } from './fixtures.js';

ruleTester(sensitiveGrants, {
  valid: [{ name: 'view', yaml: crb('b', 'view', '{kind: User, name: a}') }],
  invalid: [
    {
      name: 'webhooks and PVs',
      yaml: role('r', '- {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [patch]}\n- {apiGroups: [""], resources: [persistentvolumes], verbs: [create]}') + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', contains: 'patch validatingwebhookconfigurations, create persistentvolumes' }],
    },
    { name: 'unbound token creator', yaml: role('r', '- {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}'), errors: [{ messageId: 'unbound' }] },
  ],
});
