import { ruleTester } from '../../support/rule-tester.js';
import workloadCreationRights from '../../../src/rules/cluster/workload-creation-rights.js';
import { PATIENTS_AND_WEB, role, rb } from './fixtures.js';

ruleTester(workloadCreationRights, {
  valid: [{ name: 'outside PHI', yaml: PATIENTS_AND_WEB + rb('a', 'web', 'edit', '{kind: Group, name: web}') }],
  invalid: [
    { name: 'edit in PHI', yaml: PATIENTS_AND_WEB + rb('a', 'patients', 'edit', '{kind: Group, name: clin}'), errors: [{ messageId: 'granted', contains: 'create pods' }] },
    { name: 'unbound', yaml: role('r', '- {apiGroups: [batch], resources: [cronjobs], verbs: [create]}'), errors: [{ messageId: 'unbound' }] },
  ],
});
