import { ruleTester } from '../../support/rule-tester.js';
import phiIngressFromNonPhi from '../../../src/rules/cluster/phi-ingress-from-non-phi.js';
import { ns, server, np } from './fixtures.js';

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
      yaml: ns('p') + server('p', 'api', ', phiguard.dev/tier: app') + server('p', 'db', ', phiguard.dev/tier: data', 'postgres:16', 9187),
      errors: [{ messageId: 'zone', contains: 'p/api can reach p/db' }],
    },
  ],
});
