import redundancy from '../../../src/rules/workload/redundancy.js';
import { ruleTester } from '../../support/rule-tester.js';
import { APP_CONTAINER as spec, deploy, docs, hpa, namespace, workload } from './workload-yaml.js';

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
