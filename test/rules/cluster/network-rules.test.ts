import { ruleTester } from '../../support/rule-tester.js';
import namespaceWithoutNetworkpolicy from '../../../src/rules/cluster/namespace-without-networkpolicy.js';
import defaultDenyIngress from '../../../src/rules/cluster/default-deny-ingress.js';
import defaultDenyEgress from '../../../src/rules/cluster/default-deny-egress.js';
import allowAllRules from '../../../src/rules/cluster/allow-all-rules.js';
import dataTierInternetEgress from '../../../src/rules/cluster/data-tier-internet-egress.js';
import phiIngressFromNonPhi from '../../../src/rules/cluster/phi-ingress-from-non-phi.js';
import metadataApiReachable from '../../../src/rules/cluster/metadata-api-reachable.js';
import danglingNetworkpolicy from '../../../src/rules/cluster/dangling-networkpolicy.js';

const ns = (name: string, scope = 'phi'): string => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {phiguard.dev/scope: ${scope}}
---
`;
const deploy = (nsName: string, name: string, labels = '', image = 'app:1', port = 8080): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${nsName}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}${labels}}}
    spec:
      containers: [{name: c, image: "${image}", ports: [{name: main, containerPort: ${port}}]}]
---
`;
const np = (nsName: string, name: string, spec: string): string => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${nsName}}
spec:
${spec}
---
`;
const DENY_ALL = (n: string): string => np(n, 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress, Egress]');

ruleTester(namespaceWithoutNetworkpolicy, {
  valid: [
    { name: 'namespace with a policy', yaml: ns('p') + DENY_ALL('p') },
    { name: 'kube-system is exempt', yaml: ns('kube-system', 'none') },
    { name: 'Cilium clusterwide policy', yaml: ns('p') + 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: x}\nspec: {}\n' },
  ],
  invalid: [
    { name: 'Namespace object without policy', yaml: ns('p'), errors: [{ messageId: 'none', line: 4, severity: 'high' }] },
    { name: 'namespace known only from a workload, outside PHI', yaml: ns('p') + DENY_ALL('p') + deploy('web', 'site'), errors: [{ messageId: 'none', resource: 'site', severity: 'medium' }] },
  ],
});

ruleTester(defaultDenyIngress, {
  valid: [
    { name: 'deny-all', yaml: ns('p') + deploy('p', 'a') + DENY_ALL('p') },
    { name: 'every pod isolated by its own policy', yaml: ns('p') + deploy('p', 'a') + np('p', 'a-in', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{podSelector: {}}]}]') },
    { name: 'not PHI', yaml: ns('w', 'none') + deploy('w', 'a') },
  ],
  invalid: [
    {
      name: 'egress-only deny does not isolate ingress',
      yaml: ns('p') + deploy('p', 'a') + np('p', 'deny-egress', '  podSelector: {}\n  policyTypes: [Egress]'),
      errors: [{ messageId: 'missing', contains: 'not isolated: a' }],
    },
  ],
});

ruleTester(defaultDenyEgress, {
  valid: [{ name: 'deny-all', yaml: ns('p') + deploy('p', 'a') + DENY_ALL('p') }],
  invalid: [
    {
      name: 'ingress rule without policyTypes leaves egress open',
      yaml: ns('p') + deploy('p', 'a') + np('p', 'in', '  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]'),
      errors: [{ messageId: 'missing', contains: 'not isolated: a' }],
    },
  ],
});

ruleTester(allowAllRules, {
  valid: [
    { name: 'narrow rule', yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}]') },
    { name: 'ports-only rule', yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress: [{ports: [{port: 443}]}]') },
    { name: 'not PHI', yaml: ns('w', 'none') + np('w', 'x', '  podSelector: {}\n  ingress: [{}]') },
  ],
  invalid: [
    { name: 'empty rule', yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress:\n  - {}'), errors: [{ messageId: 'emptyRule', path: '/spec/ingress/0', line: 13 }] },
    {
      name: 'any namespace and whole internet',
      yaml: ns('p') + np('p', 'x', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]'),
      errors: [{ messageId: 'anyNamespace', path: '/spec/ingress/0/from/0/namespaceSelector' }, { messageId: 'anyAddress', path: '/spec/egress/0/to/0/ipBlock/cidr' }],
    },
  ],
});

ruleTester(dataTierInternetEgress, {
  valid: [
    { name: 'db with cluster-only egress', yaml: ns('p') + deploy('p', 'db', '', 'postgres:16', 5432) + np('p', 'db-out', '  podSelector: {matchLabels: {app: db}}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]') },
    { name: 'app tier may egress', yaml: ns('p') + deploy('p', 'web', ', phiguard.dev/tier: app') },
  ],
  invalid: [
    { name: 'db image without egress policy', yaml: ns('p') + deploy('p', 'db', '', 'postgres:16', 5432), errors: [{ messageId: 'unisolated', contains: 'database image postgres:16' }] },
    {
      name: 'tier label with a broad ipBlock',
      yaml: ns('p') + deploy('p', 'store', ', phiguard.dev/tier: data') + np('p', 'out', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]'),
      errors: [{ messageId: 'allowed', resource: 'out', path: '/spec/egress/0', contains: 'NetworkPolicy p/out egress[0]' }],
    },
    {
      name: 'zone without internet egress',
      config: { zones: [{ name: 'edge', selector: { 'phiguard.dev/tier': 'edge' }, internetEgress: false }] },
      yaml: ns('p') + deploy('p', 'gw', ', phiguard.dev/tier: edge'),
      errors: [{ messageId: 'zone', contains: 'no policy isolates the source' }],
    },
  ],
});

ruleTester(phiIngressFromNonPhi, {
  valid: [
    { name: 'trusted ingress controller', config: { trustedNamespaces: ['ingress'] },
      yaml: ns('p') + ns('ingress', 'none') + np('p', 'x', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}}]}]') },
  ],
  invalid: [
    {
      name: 'namespaceSelector matching a non-PHI namespace',
      yaml: ns('p') + ns('web', 'none') + np('p', 'x', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: phiguard.dev/scope, operator: Exists}]}}]}]'),
      errors: [{ messageId: 'nonPhi', contains: 'web', path: '/spec/ingress/0/from/0/namespaceSelector' }],
    },
    {
      name: 'zone app may reach data only on 5432',
      config: { zones: [
        { name: 'app', selector: { 'phiguard.dev/tier': 'app' }, mayReach: [{ zone: 'data', ports: [5432] }] },
        { name: 'data', selector: { 'phiguard.dev/tier': 'data' } },
      ] },
      yaml: ns('p') + deploy('p', 'api', ', phiguard.dev/tier: app') + deploy('p', 'db', ', phiguard.dev/tier: data', 'postgres:16', 9187),
      errors: [{ messageId: 'zone', contains: 'p/api can reach p/db' }],
    },
  ],
});

ruleTester(metadataApiReachable, {
  valid: [{ name: 'excepted', yaml: ns('p') + deploy('p', 'a') + np('p', 'out', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]') }],
  invalid: [
    { name: 'no egress policy', yaml: ns('p') + deploy('p', 'a'), errors: [{ messageId: 'unisolated' }] },
    { name: 'link-local allowed', yaml: ns('p') + deploy('p', 'a') + np('p', 'out', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 169.254.0.0/16}}]}]'), errors: [{ messageId: 'allowed', resource: 'out' }] },
  ],
});

ruleTester(danglingNetworkpolicy, {
  valid: [
    { name: 'selects a pod', yaml: ns('p') + deploy('p', 'a') + np('p', 'x', '  podSelector: {matchLabels: {app: a}}') },
    { name: 'no workloads in the input', yaml: ns('p') + np('p', 'x', '  podSelector: {matchLabels: {app: a}}') },
  ],
  invalid: [
    { name: 'typo in selector: says what is known (no pod in the input), not that it protects nothing', yaml: ns('p') + deploy('p', 'a') + np('p', 'x', '  podSelector: {matchExpressions: [{key: app, operator: In, values: [b]}]}'),
      errors: [{ messageId: 'dangling', severity: 'low', path: '/spec/podSelector', contains: 'selects no pod in the input (none of the 1 workload(s) given for PHI namespace "p")' }] },
  ],
});
