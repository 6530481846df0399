import defaultServiceAccount from '../../../src/rules/workload/default-service-account.js';
import serviceAccountTokenAutomount from '../../../src/rules/workload/service-account-token-automount.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docs, namespace, POD_KINDS, workload } from './workload-yaml.js';

const c = 'containers:\n  - name: app\n    image: app:1.0';
const sa = (name: string, ns: string, automount?: boolean): string =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${automount === undefined ? '' : `automountServiceAccountToken: ${automount}\n`}`;
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', subjects: string, ns = 'records'): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n${kind === 'RoleBinding' ? `  namespace: ${ns}\n` : ''}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n${subjects}\n`;

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

ruleTester(serviceAccountTokenAutomount, {
  valid: [
    { name: 'pod disables automount (no ServiceAccount given)', yaml: workload('Pod', `automountServiceAccountToken: false\n${c}`) },
    { name: 'pod false overrides SA true', yaml: docs(workload('Pod', `automountServiceAccountToken: false\nserviceAccountName: test\n${c}`), sa('test', 'default', true)) },
    { name: 'SA disables automount and pod is silent', yaml: docs(workload('Deployment', `serviceAccountName: test\n${c}`), sa('test', 'default', false)) },
    { name: 'the SA is bound to a role: it needs the API', yaml: docs(workload('Deployment', `serviceAccountName: api\n${c}`, { namespace: 'records' }), binding('RoleBinding', '  - {kind: ServiceAccount, name: api, namespace: records}')) },
    { name: 'every SA of the namespace is bound through its group', yaml: docs(workload('Pod', c, { namespace: 'records' }), binding('RoleBinding', '  - {kind: Group, name: "system:serviceaccounts:records"}')) },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({ name: `defaults in a ${kind}`, yaml: workload(kind, c), errors: [{ messageId: 'defaulted', fix: true, contains: '"default" (not in the input)' }] })),
    { name: 'both true (Polaris all_true)', yaml: docs(workload('Pod', `automountServiceAccountToken: true\nserviceAccountName: test\n${c}`), sa('test', 'default', true)), errors: [{ messageId: 'podTrue', path: '/spec/automountServiceAccountToken' }] },
    { name: 'pod true overrides SA false', yaml: docs(workload('Pod', `automountServiceAccountToken: true\nserviceAccountName: test\n${c}`), sa('test', 'default', false)), errors: [{ messageId: 'podTrue' }] },
    { name: 'SA present but silent', yaml: docs(workload('Deployment', `serviceAccountName: test\n${c}`), sa('test', 'default')), errors: [{ messageId: 'defaulted', path: '/spec/template/spec', contains: 'ServiceAccount "test" sets' }] },
    {
      name: 'the all-ServiceAccounts group and bindings in other namespaces do not count',
      yaml: docs(workload('Pod', `serviceAccountName: api\n${c}`, { namespace: 'records' }),
        binding('ClusterRoleBinding', '  - {kind: Group, name: "system:serviceaccounts"}'),
        binding('RoleBinding', '  - {kind: ServiceAccount, name: api}', 'other')),
      errors: [{ messageId: 'defaulted' }],
    },
  ],
});
