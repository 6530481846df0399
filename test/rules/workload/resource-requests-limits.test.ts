import resourceRequestsLimits from '../../../src/rules/workload/resource-requests-limits.js';
import { ruleTester } from '../../support/rule-tester.js';
import { container, docs, limitRange, POD_KINDS, workload } from './workload-yaml.js';

const full = 'resources:\n      requests: {cpu: 100m, memory: 128Mi}\n      limits: {memory: 256Mi}';

ruleTester(resourceRequestsLimits, {
  valid: [
    { name: 'requests and memory limit', yaml: workload('Deployment', `containers:\n${container(full)}`) },
    { name: 'limits alone become requests', yaml: workload('Pod', `containers:\n${container('resources:\n      limits: {cpu: 500m, memory: 256Mi}')}`) },
    { name: 'LimitRange defaults in the namespace fill the gaps', yaml: docs(limitRange('records', '      default: {cpu: 500m, memory: 256Mi}'), workload('Pod', `containers:\n${container('imagePullPolicy: IfNotPresent')}`, { namespace: 'records' })) },
    { name: 'ephemeral containers cannot have resources', yaml: workload('Pod', `containers:\n${container(full)}\nephemeralContainers:\n  - name: debug\n    image: busybox:1.36`) },
  ],
  invalid: [
    ...POD_KINDS.map(([kind]) => ({
      name: `nothing set in a ${kind}`,
      yaml: workload(kind, 'containers:\n  - name: app\n    image: app:1.0'),
      // One container lacking its resources is one cause: one finding, the other gaps listed with it.
      errors: [{ messageId: 'cpuRequest', severity: 'medium' as const, related: ['memoryRequest', 'memoryLimit'] }],
    })),
    { name: 'memory request only (Polaris cpuRequestsMissing)', yaml: workload('Pod', `containers:\n${container('resources:\n      requests: {memory: 128Mi}')}`), errors: [{ messageId: 'cpuRequest', path: '/spec/containers/0/resources/requests', related: ['memoryLimit'] }] },
    { name: 'cpu limit only', yaml: workload('Pod', `containers:\n${container('resources:\n      limits: {cpu: 100m}')}`), errors: [{ messageId: 'memoryRequest', related: ['memoryLimit'] }] },
    { name: 'init containers count, at low severity (they run to completion before the app)', yaml: workload('Pod', `initContainers:\n${container('resources:\n      requests: {cpu: 100m, memory: 64Mi}', 'init')}\ncontainers:\n${container(full)}`), errors: [{ messageId: 'memoryLimit', contains: '"init"', severity: 'low' }] },
    { name: 'a restartPolicy: Always init container is a sidecar and keeps the catalog severity', yaml: workload('Pod', `initContainers:\n${container('restartPolicy: Always', 'proxy')}\ncontainers:\n${container(full)}`), errors: [{ messageId: 'cpuRequest', contains: '"proxy"', severity: 'medium', related: ['memoryRequest', 'memoryLimit'] }] },
    { name: 'two containers are two causes', yaml: workload('Pod', `containers:\n${container('resources:\n      requests: {cpu: 100m, memory: 64Mi}', 'a')}\n${container('resources:\n      requests: {cpu: 100m, memory: 64Mi}', 'b')}`), errors: [{ messageId: 'memoryLimit', contains: '"a"' }, { messageId: 'memoryLimit', contains: '"b"' }] },
    {
      name: 'a LimitRange elsewhere or with only defaultRequest does not set a limit',
      yaml: docs(limitRange('other', '      default: {memory: 256Mi}'), limitRange('records', '      defaultRequest: {cpu: 100m, memory: 64Mi}'), workload('Pod', `containers:\n${container('imagePullPolicy: IfNotPresent')}`, { namespace: 'records' })),
      errors: [{ messageId: 'memoryLimit' }],
    },
  ],
});
