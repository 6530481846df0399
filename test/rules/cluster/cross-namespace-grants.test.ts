import { ruleTester } from '../../support/rule-tester.js';
import crossNamespaceGrants from '../../../src/rules/cluster/cross-namespace-grants.js';
import { ns, crb, rb } from './fixtures.js';

ruleTester(crossNamespaceGrants, {
  valid: [
    { name: 'same-namespace SA', yaml: ns('p') + rb('b', 'p', 'view', '{kind: ServiceAccount, name: app, namespace: p}') },
    { name: 'trusted namespace', config: { trustedNamespaces: ['monitoring'] }, yaml: ns('p') + ns('monitoring', 'none') + rb('b', 'p', 'view', '{kind: ServiceAccount, name: prom, namespace: monitoring}') },
  ],
  invalid: [
    { name: 'CI SA into PHI', yaml: ns('p') + ns('ci', 'none') + rb('b', 'p', 'edit', '{kind: ServiceAccount, name: deployer, namespace: ci}'), errors: [{ messageId: 'foreignSa', path: '/subjects/0' }] },
    { name: 'cluster-wide view', yaml: ns('p') + crb('mon', 'view', '{kind: ServiceAccount, name: prom, namespace: monitoring}'), errors: [{ messageId: 'clusterRead', contains: 'pods, configmaps' }] },
  ],
});
