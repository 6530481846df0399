import healthProbes from '../../../src/rules/workload/health-probes.js';
import { ruleTester } from '../../support/rule-tester.js';
import { container, docs, namespace, POD_KINDS, workload } from './workload-yaml.js';

const probes = 'livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n    readinessProbe: {httpGet: {path: /ready, port: 8080}}';
ruleTester(healthProbes, {
  valid: [
    { name: 'both probes', yaml: workload('Deployment', `containers:\n${container(probes)}`) },
    { name: 'init containers and batch pods are exempt', yaml: docs(workload('Job', `containers:\n${container('imagePullPolicy: IfNotPresent')}`), workload('CronJob', `containers:\n${container('imagePullPolicy: IfNotPresent')}`), workload('Pod', `restartPolicy: Never\ninitContainers:\n${container('imagePullPolicy: IfNotPresent', 'init')}\ncontainers:\n${container(probes)}`)) },
    { name: 'non-PHI containers', yaml: docs(namespace('records'), namespace('tools', 'none'), workload('Deployment', `containers:\n${container('imagePullPolicy: IfNotPresent')}`, { namespace: 'tools' })) },
  ],
  invalid: [
    ...POD_KINDS.filter(([k]) => k !== 'Job' && k !== 'CronJob').map(([kind]) => ({
      name: `no probes in a ${kind}`,
      yaml: workload(kind, `containers:\n${container('imagePullPolicy: IfNotPresent')}`),
      errors: [{ messageId: 'liveness', severity: 'low' as const }, { messageId: 'readiness' }],
    })),
    { name: 'readiness only', yaml: workload('StatefulSet', `containers:\n${container('readinessProbe: {tcpSocket: {port: 5432}}')}`), errors: [{ messageId: 'liveness', path: '/spec/template/spec/containers/0' }] },
    { name: 'native sidecars need probes too', yaml: workload('Deployment', `initContainers:\n  - name: proxy\n    image: envoy:1.30\n    restartPolicy: Always\n    livenessProbe: {tcpSocket: {port: 15000}}\ncontainers:\n${container(probes)}`), errors: [{ messageId: 'readiness', contains: '"proxy"' }] },
  ],
});
