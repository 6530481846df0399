import { ruleTester } from '../../support/rule-tester.js';
import clusterAdminBinding from '../../../src/rules/cluster/cluster-admin-binding.js';
import { role, crb, rb } from './fixtures.js';

ruleTester(clusterAdminBinding, {
  valid: [
    { name: 'system:masters', yaml: crb('cluster-admin', 'cluster-admin', '{kind: Group, name: system:masters}') },
    { name: 'labelled break-glass', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: emergency}').replace('name: bg', 'name: bg\n  labels: {phiguard.dev/break-glass: "true"}') },
    { name: 'explicit verbs', yaml: role('r', '- {apiGroups: ["*"], resources: ["*"], verbs: [get, list]}') + crb('b', 'r', '{kind: User, name: bob}') },
  ],
  invalid: [
    {
      name: 'built-in cluster-admin to a ServiceAccount (role not in input)',
      yaml: crb('ci', 'cluster-admin', '{kind: ServiceAccount, name: deployer, namespace: ci}'),
      errors: [{ messageId: 'admin', severity: 'critical', path: '/subjects/0', line: 7, contains: 'ServiceAccount ci/deployer' }],
    },
    {
      name: 'admin-equivalent through aggregation, in a RoleBinding',
      yaml: role('agg', '  []', '\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {x: "y"}}]') +
        role('part', '- {apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch, create, update, patch, delete]}', '\n  labels: {x: "y"}') +
        rb('rb', 'patients', 'agg', '{kind: User, name: carol}'),
      errors: [{ messageId: 'admin', contains: 'aggregated into ClusterRole "agg"' }],
    },
  ],
});
