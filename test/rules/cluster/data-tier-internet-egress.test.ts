import { ruleTester } from '../../support/rule-tester.js';
import dataTierInternetEgress from '../../../src/rules/cluster/data-tier-internet-egress.js';
import { ns, server, np } from './fixtures.js';

ruleTester(dataTierInternetEgress, {
  valid: [
    { name: 'db with cluster-only egress', yaml: ns('p') + server('p', 'db', '', 'postgres:16', 5432) + np('p', 'db-out', '  podSelector: {matchLabels: {app: db}}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]') },
    { name: 'app tier may egress', yaml: ns('p') + server('p', 'web', ', phiguard.dev/tier: app') },
  ],
  invalid: [
    { name: 'db image without egress policy', yaml: ns('p') + server('p', 'db', '', 'postgres:16', 5432), errors: [{ messageId: 'unisolated', contains: 'database image postgres:16' }] },
    {
      name: 'tier label with a broad ipBlock',
      yaml: ns('p') + server('p', 'store', ', phiguard.dev/tier: data') + np('p', 'out', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]'),
      errors: [{ messageId: 'allowed', resource: 'out', path: '/spec/egress/0', contains: 'NetworkPolicy p/out egress[0]' }],
    },
    {
      name: 'zone without internet egress',
      config: { zones: [{ name: 'edge', selector: { 'phiguard.dev/tier': 'edge' }, internetEgress: false }] },
      yaml: ns('p') + server('p', 'gw', ', phiguard.dev/tier: edge'),
      errors: [{ messageId: 'zone', contains: 'no policy isolates the source' }],
    },
  ],
});
