import { ruleTester } from '../../support/rule-tester.js';
import secretReadAccess from '../../../src/rules/cluster/secret-read-access.js';
import { PATIENTS_AND_WEB, role, crb, rb } from './fixtures.js';

ruleTester(secretReadAccess, {
  valid: [
    { name: 'no secret access', yaml: role('r', '- {apiGroups: [""], resources: [configmaps], verbs: [get]}') + crb('b', 'r', '{kind: User, name: a}') },
    { name: 'allow-listed reader', config: { secretReaders: ['ServiceAccount:vault/vault'] },
      yaml: role('r', '- {apiGroups: [""], resources: [secrets], verbs: [get]}') + crb('b', 'r', '{kind: ServiceAccount, name: vault, namespace: vault}') },
    { name: 'view does not read secrets', yaml: crb('b', 'view', '{kind: Group, name: all}') },
    {
      name: 'a get limited by resourceNames to its own Secret is the remediation',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: one, namespace: patients}\nrules:\n- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [db]}\n---\n` + rb('b', 'patients', 'one', '{kind: ServiceAccount, name: app, namespace: patients}', '', 'Role'),
    },
  ],
  invalid: [
    {
      name: 'list secrets cluster-wide',
      yaml: role('r', '- {apiGroups: [""], resources: [secrets], verbs: [list]}') + crb('b', 'r', '{kind: User, name: eve}'),
      errors: [{ messageId: 'granted', severity: 'high', contains: 'list secrets in all namespaces through ClusterRole "r" rules[0]' }],
    },
    {
      name: 'edit in a non-PHI namespace is lowered, in PHI stays high',
      yaml: PATIENTS_AND_WEB + rb('a', 'web', 'edit', '{kind: Group, name: web}') + rb('b', 'patients', 'edit', '{kind: Group, name: clin}'),
      errors: [{ messageId: 'granted', severity: 'medium', resource: 'a' }, { messageId: 'granted', severity: 'high', resource: 'b', contains: 'built-in ClusterRole "system:aggregate-to-edit", aggregated into ClusterRole "edit"' }],
    },
    {
      name: 'a get limited by resourceNames next to an unrestricted list: only the list is reported',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: one, namespace: patients}\nrules:\n- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [db]}\n- {apiGroups: [""], resources: [secrets], verbs: [list]}\n---\n` + rb('b', 'patients', 'one', '{kind: ServiceAccount, name: app, namespace: patients}', '', 'Role'),
      errors: [{ messageId: 'granted', contains: 'list secrets in namespace "patients" through Role "one" rules[1]' }],
    },
    {
      name: 'unbound secret reader',
      yaml: role('r', '- {apiGroups: [""], resources: [secrets], verbs: [watch]}'),
      errors: [{ messageId: 'unbound', severity: 'low' }],
    },
  ],
});
