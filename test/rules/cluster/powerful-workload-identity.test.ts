import { ruleTester } from '../../support/rule-tester.js';
import powerfulWorkloadIdentity from '../../../src/rules/cluster/powerful-workload-identity.js';
import { ns, crb, rb, deploy } from './fixtures.js';

const POD_CREATOR = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pod-creator}
rules: [{apiGroups: [""], resources: [pods], verbs: [create]}]
---
`;
ruleTester(powerfulWorkloadIdentity, {
  valid: [
    { name: 'no token mounted', yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops\n      automountServiceAccountToken: false') + crb('b', 'cluster-admin', '{kind: ServiceAccount, name: ops, namespace: p}') },
    { name: 'create pods in its own namespace only', yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + POD_CREATOR + rb('b', 'p', 'pod-creator', '{kind: ServiceAccount, name: ops, namespace: p}') },
    { name: 'SA with view only', yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + crb('b', 'view', '{kind: ServiceAccount, name: ops, namespace: p}') },
  ],
  invalid: [
    {
      name: 'SA bound to cluster-admin',
      yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + crb('b', 'cluster-admin', '{kind: ServiceAccount, name: ops, namespace: p}'),
      errors: [{ messageId: 'powerful', contains: 'cluster-admin equivalent', resource: 'api' }],
    },
    {
      name: 'default SA reads secrets via the namespace group',
      yaml: ns('p') + deploy('p', 'api') + rb('b', 'p', 'edit', '{kind: Group, name: "system:serviceaccounts:p"}'),
      errors: [{ messageId: 'powerful', contains: 'read Secrets in namespace "p"' }],
    },
    {
      name: 'SA may create pods in every namespace',
      yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + POD_CREATOR + crb('b', 'pod-creator', '{kind: ServiceAccount, name: ops, namespace: p}'),
      errors: [{ messageId: 'powerful', contains: 'create pods in every namespace' }],
    },
  ],
});
