import { ruleTester } from '../../support/rule-tester.js';
import namespaceWithoutNetworkpolicy from '../../../src/rules/cluster/namespace-without-networkpolicy.js';
import { ns, server, DENY_ALL } from './fixtures.js';

ruleTester(namespaceWithoutNetworkpolicy, {
  valid: [
    { name: 'namespace with a policy', yaml: ns('p') + DENY_ALL('p') },
    { name: 'kube-system is exempt', yaml: ns('kube-system', 'none') },
    { name: 'Cilium clusterwide policy', yaml: ns('p') + 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: x}\nspec: {}\n' },
  ],
  invalid: [
    { name: 'Namespace object without policy', yaml: ns('p'), errors: [{ messageId: 'none', line: 4, severity: 'high' }] },
    { name: 'namespace known only from a workload, outside PHI', yaml: ns('p') + DENY_ALL('p') + server('web', 'site'), errors: [{ messageId: 'none', resource: 'site', severity: 'medium' }] },
  ],
});
