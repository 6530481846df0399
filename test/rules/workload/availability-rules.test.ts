import healthProbes from '../../../src/rules/workload/health-probes.js';
import namespaceQuotas from '../../../src/rules/workload/namespace-quotas.js';
import resourceRequestsLimits from '../../../src/rules/workload/resource-requests-limits.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docs, namespace, POD_KINDS, workload } from './workload-yaml.js';

const full = 'resources:\n      requests: {cpu: 100m, memory: 128Mi}\n      limits: {memory: 256Mi}';
const container = (resources: string, name = 'app'): string => `  - name: ${name}\n    image: app:1.0\n    ${resources}`;
const limitRange = (ns: string, item: string): string => `apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: ${ns}\nspec:\n  limits:\n    - type: Container\n${item}\n`;

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

const quota = (ns: string, hard = '    pods: "20"\n    requests.cpu: "4"'): string => `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: ${ns}\nspec:\n  hard:\n${hard}\n`;
const lr = (ns: string): string => limitRange(ns, '      default: {memory: 256Mi}');
const pod = (ns: string): string => workload('Pod', 'containers:\n  - name: app\n    image: app:1.0', { namespace: ns });

ruleTester(namespaceQuotas, {
  valid: [
    { name: 'quota and LimitRange present', yaml: docs(namespace('records'), quota('records'), lr('records')) },
    { name: 'non-PHI namespaces are not required to have them', yaml: docs(namespace('records'), quota('records'), lr('records'), namespace('tools', 'none'), pod('tools')) },
    { name: 'namespaces only named by a quota are not evaluated', yaml: quota('elsewhere') },
  ],
  invalid: [
    { name: 'PHI namespace without either', yaml: docs(namespace('records'), quota('other'), lr('other')), errors: [{ messageId: 'noQuota', resource: 'records', severity: 'low' }, { messageId: 'noLimitRange', resource: 'records' }] },
    { name: 'empty quota does not count', yaml: docs(namespace('records'), quota('records', '    {}').replace('  hard:\n    {}', '  hard: {}'), lr('records')), errors: [{ messageId: 'noQuota', line: 1 }] },
    { name: 'namespace known only from its workloads: reported on the first workload', yaml: docs(pod('records'), lr('records')), errors: [{ messageId: 'noQuota', resource: 'pod', contains: '"records"' }] },
  ],
});

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
