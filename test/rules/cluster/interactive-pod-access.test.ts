import { ruleTester } from '../../support/rule-tester.js';
import interactivePodAccess from '../../../src/rules/cluster/interactive-pod-access.js';
import { PATIENTS_AND_WEB, role, crb, rb } from './fixtures.js';

ruleTester(interactivePodAccess, {
  valid: [
    { name: 'exec outside PHI scope', yaml: PATIENTS_AND_WEB + rb('a', 'web', 'edit', '{kind: Group, name: web}') },
    { name: 'list pods/exec is not exec', yaml: role('r', '- {apiGroups: [""], resources: [pods/exec], verbs: [list]}') + crb('b', 'r', '{kind: User, name: a}') },
  ],
  invalid: [
    {
      name: 'get pods/exec through apiGroup wildcard',
      yaml: role('r', '- {apiGroups: ["*"], resources: [pods/exec], verbs: [get]}') + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', path: '/roleRef/name', contains: 'get pods/exec' }],
    },
    { name: 'unbound role', yaml: role('r', '- {apiGroups: [""], resources: [pods/attach], verbs: [create]}'), errors: [{ messageId: 'unbound' }] },
  ],
});
