import defaultServiceAccount from '../../../src/rules/workload/default-service-account.js';
import { ruleTester } from '../../support/rule-tester.js';
import { APP_CONTAINER as c, docs, namespace, POD_KINDS, serviceAccount as sa, viewBinding as binding, workload } from './workload-yaml.js';

ruleTester(defaultServiceAccount, {
  valid: [
    { name: 'own ServiceAccount', yaml: workload('Deployment', `serviceAccountName: api\n${c}`) },
    { name: 'default SA with automount off in a PHI namespace', yaml: docs(namespace('records'), sa('default', 'records', false)) },
    { name: 'pods outside PHI scope may use default', yaml: docs(namespace('records'), namespace('tools', 'none'), workload('Pod', c, { namespace: 'tools' }), sa('default', 'tools')) },
    { name: 'bindings to other ServiceAccounts', yaml: binding('RoleBinding', '  - {kind: ServiceAccount, name: api, namespace: records}\n  - {kind: User, name: default}') },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({ name: `serviceAccountName unset in a ${kind}`, yaml: workload(kind, c), errors: [{ messageId: 'podDefault', contains: 'serviceAccountName unset', severity: 'medium' as const }] })),
    { name: 'serviceAccountName: default', yaml: workload('Pod', `serviceAccountName: default\n${c}`), errors: [{ messageId: 'podDefault', path: '/spec/serviceAccountName', contains: 'serviceAccountName: default' }] },
    { name: 'deprecated serviceAccount: default', yaml: workload('Pod', `serviceAccount: default\n${c}`), errors: [{ messageId: 'podDefault', path: '/spec/serviceAccount' }] },
    {
      name: 'default SA in a PHI namespace without automount: false',
      yaml: docs(namespace('records'), sa('default', 'records'), sa('default', 'other'), namespace('other', 'none')),
      errors: [{ messageId: 'saAutomount', fix: true, contains: '"records"', path: '' }],
    },
    { name: 'default SA with automount: true', yaml: sa('default', 'records', true), errors: [{ messageId: 'saAutomount', path: '/automountServiceAccountToken' }] },
    {
      name: 'bindings to default ServiceAccounts, with the RoleBinding namespace as default',
      yaml: docs(
        binding('RoleBinding', '  - {kind: ServiceAccount, name: default}'),
        binding('ClusterRoleBinding', '  - {kind: ServiceAccount, name: api, namespace: x}\n  - {kind: ServiceAccount, name: default, namespace: kube-system}'),
      ),
      errors: [
        { messageId: 'binding', path: '/subjects/0', contains: 'RoleBinding "b" grants ClusterRole "view" to the default ServiceAccount of namespace "records"' },
        { messageId: 'binding', path: '/subjects/1', contains: 'namespace "kube-system"' },
      ],
    },
  ],
});
