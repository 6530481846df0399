import { ruleTester } from '../../support/rule-tester.js';
import bindingsMissingServiceaccounts from '../../../src/rules/live/bindings-missing-serviceaccounts.js';
import { scan } from './fixtures.js';

const sa = (name: string): string => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ehr\n---\n`;
const rb = (subject: string): string => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n  namespace: ehr\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n  - {kind: ServiceAccount, name: ${subject}, namespace: ehr}\n`;

ruleTester(bindingsMissingServiceaccounts, {
  valid: [
    { name: 'the ServiceAccount exists', yaml: sa('api') + rb('api') },
    { name: 'files without the namespace\'s ServiceAccounts are not judged', yaml: rb('gone') },
    { name: 'a cluster read limited to other namespaces', yaml: rb('gone') + '---\n' + scan('  namespaces: [billing]\n') },
  ],
  invalid: [
    { name: 'a deleted ServiceAccount', yaml: sa('api') + rb('gone'), errors: [{ messageId: 'missing', contains: 'ehr/gone' }] },
    { name: 'a cluster read, where every ServiceAccount was read', yaml: rb('gone') + '---\n' + scan('  counts: {}\n'), errors: [{ messageId: 'missing' }] },
  ],
});
