import podDisruptionBudgets from '../../../src/rules/workload/pod-disruption-budgets.js';
import redundancy from '../../../src/rules/workload/redundancy.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docs, namespace, workload } from './workload-yaml.js';

const spec = 'containers:\n  - name: app\n    image: app:1.0';
const deploy = (replicas?: number, kind = 'Deployment', extra = ''): string =>
  workload(kind, `${extra}${spec}`, { namespace: 'records', name: 'api', labels: ['tier: app'], ...(replicas !== undefined ? { replicas } : {}) });
const pdb = (name: string, body: string, selector = 'matchLabels: {app: api}'): string =>
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\n  namespace: records\nspec:\n${body ? `  ${body}\n` : ''}${selector ? `  selector:\n    ${selector}\n` : ''}`;
const hpa = (min: number | undefined, max: number, target = 'api'): string =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api-hpa\n  namespace: records\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n${min !== undefined ? `  minReplicas: ${min}\n` : ''}  maxReplicas: ${max}\n`;

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

const zoneSpread = 'topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: api}}\n';
const antiAffinity = 'affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 100\n        podAffinityTerm:\n          topologyKey: topology.kubernetes.io/zone\n          labelSelector: {matchExpressions: [{key: app, operator: In, values: [api]}]}\n';

ruleTester(redundancy, {
  valid: [
    { name: 'three replicas spread over zones', yaml: deploy(3, 'Deployment', zoneSpread) },
    { name: 'anti-affinity on zone', yaml: deploy(2, 'StatefulSet', antiAffinity) },
    { name: 'spread with matchLabelKeys and no selector', yaml: deploy(3, 'Deployment', 'topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, matchLabelKeys: [pod-template-hash]}\n') },
    { name: 'HPA with minReplicas 2 governs replicas', yaml: docs(deploy(undefined, 'Deployment', zoneSpread), hpa(2, 6)) },
    { name: 'non-PHI workloads', yaml: docs(namespace('records', 'none'), namespace('phi'), deploy(1)) },
    { name: 'DaemonSets are not judged by replicas', yaml: workload('DaemonSet', spec) },
  ],
  invalid: [
    { name: 'replicas absent defaults to 1', yaml: deploy(undefined), errors: [{ messageId: 'single', path: '/spec', contains: 'runs 1 replica(s)' }] },
    { name: 'replicas: 1 in a StatefulSet', yaml: deploy(1, 'StatefulSet'), errors: [{ messageId: 'single', path: '/spec/replicas', severity: 'medium' }] },
    { name: 'HPA minReplicas 1', yaml: docs(deploy(3, 'Deployment', zoneSpread), hpa(1, 5)), errors: [{ messageId: 'hpaMin', resource: 'api-hpa', path: '/spec/minReplicas' }] },
    { name: 'HPA without minReplicas, target not in the input', yaml: hpa(undefined, 5, 'elsewhere'), errors: [{ messageId: 'hpaMin', path: '/spec', contains: 'down to 1' }] },
    { name: 'no zone spread', yaml: deploy(3), errors: [{ messageId: 'noZoneSpread', severity: 'low', path: '/spec/template/spec' }] },
    { name: 'hostname spread is not zone spread', yaml: deploy(3, 'Deployment', zoneSpread.replace('topology.kubernetes.io/zone', 'kubernetes.io/hostname')), errors: [{ messageId: 'noZoneSpread' }] },
    { name: 'anti-affinity selecting other pods does not spread these', yaml: deploy(3, 'Deployment', antiAffinity.replace('values: [api]', 'values: [db]')), errors: [{ messageId: 'noZoneSpread' }] },
  ],
});
