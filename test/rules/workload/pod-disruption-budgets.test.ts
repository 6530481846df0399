import podDisruptionBudgets from '../../../src/rules/workload/pod-disruption-budgets.js';
import { ruleTester } from '../../support/rule-tester.js';
import { deploy, docs, hpa, namespace } from './workload-yaml.js';

const pdb = (name: string, body: string, selector = 'matchLabels: {app: api}'): string =>
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\n  namespace: records\nspec:\n${body ? `  ${body}\n` : ''}${selector ? `  selector:\n    ${selector}\n` : ''}`;
ruleTester(podDisruptionBudgets, {
  valid: [
    { name: 'minAvailable 1 of 3', yaml: docs(deploy(3), pdb('p', 'minAvailable: 1')) },
    { name: 'maxUnavailable 25% of 3 (rounds up to 1)', yaml: docs(deploy(3), pdb('p', 'maxUnavailable: 25%')) },
    { name: 'matchExpressions In and Exists', yaml: docs(deploy(3, 'StatefulSet'), pdb('p', 'maxUnavailable: 1', 'matchExpressions: [{key: app, operator: In, values: [api, web]}, {key: tier, operator: Exists}]')) },
    { name: 'single replica needs no PDB', yaml: deploy(1) },
    { name: 'a PDB on its own that allows evictions', yaml: pdb('p', 'maxUnavailable: 1') },
    { name: 'non-PHI workloads are not required to have one', yaml: docs(namespace('records', 'none'), namespace('phi'), deploy(3)) },
  ],
  invalid: [
    { name: 'multi-replica Deployment without a PDB', yaml: deploy(3), errors: [{ messageId: 'missing', path: '/spec/replicas', severity: 'medium' }] },
    { name: 'multi-replica StatefulSet, PDB selects other pods', yaml: docs(deploy(2, 'StatefulSet'), pdb('p', 'minAvailable: 1', 'matchLabels: {app: web}')), errors: [{ messageId: 'missing', resource: 'api' }] },
    { name: 'NotIn and DoesNotExist exclude the pods', yaml: docs(deploy(3), pdb('p', 'minAvailable: 1', 'matchExpressions: [{key: tier, operator: NotIn, values: [app]}]'), pdb('q', 'minAvailable: 1', 'matchExpressions: [{key: tier, operator: DoesNotExist}]')), errors: [{ messageId: 'missing' }] },
    { name: 'a PDB without selector selects nothing', yaml: docs(deploy(3), pdb('p', 'minAvailable: 1', '')), errors: [{ messageId: 'missing' }] },
    { name: 'autoscaled workload counts as multi-replica', yaml: docs(deploy(undefined), hpa(2, 5)), errors: [{ messageId: 'missing', path: '/spec' }] },
    { name: 'minAvailable 0 protects nothing', yaml: docs(deploy(3), pdb('p', 'minAvailable: 0')), errors: [{ messageId: 'ineffective', resource: 'p', path: '/spec/minAvailable' }] },
    { name: 'maxUnavailable 100%', yaml: docs(deploy(4), pdb('p', 'maxUnavailable: 100%')), errors: [{ messageId: 'ineffective', contains: 'maxUnavailable: 100%' }] },
    { name: 'maxUnavailable 0 blocks every eviction (reported once, on the PDB)', yaml: docs(deploy(3), pdb('p', 'maxUnavailable: 0')), errors: [{ messageId: 'pdbBlocksAll', severity: 'low', resource: 'p', path: '/spec/maxUnavailable' }] },
    { name: 'a blocking PDB whose workload is not in the input (Polaris pdbDisruptionsIsZero)', yaml: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: nginx\nspec:\n  maxUnavailable: "0%"\n', errors: [{ messageId: 'pdbBlocksAll', contains: 'maxUnavailable: 0%' }] },
    { name: 'minAvailable equal to replicas', yaml: docs(deploy(3), pdb('p', 'minAvailable: 3')), errors: [{ messageId: 'blocksAll', contains: 'minAvailable: 3' }] },
    { name: 'minAvailable 100%', yaml: docs(deploy(2), pdb('p', 'minAvailable: 100%')), errors: [{ messageId: 'pdbBlocksAll', path: '/spec/minAvailable' }] },
    { name: 'minAvailable 1 on a single replica blocks drains', yaml: docs(deploy(1), pdb('p', 'minAvailable: 1')), errors: [{ messageId: 'blocksAll', contains: '(1 replicas)' }] },
    { name: 'an empty selector selects every pod; two PDBs select the same pods', yaml: docs(deploy(3), pdb('p', 'minAvailable: 1'), pdb('all', 'maxUnavailable: 1', 'matchLabels: {}')), errors: [{ messageId: 'multiple', severity: 'low', contains: '"p", "all"' }] },
  ],
});
