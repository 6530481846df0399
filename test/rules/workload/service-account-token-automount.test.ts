import serviceAccountTokenAutomount from '../../../src/rules/workload/service-account-token-automount.js';
import { ruleTester } from '../../support/rule-tester.js';
import { APP_CONTAINER as c, docs, POD_KINDS, serviceAccount as sa, viewBinding as binding, workload } from './workload-yaml.js';

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
