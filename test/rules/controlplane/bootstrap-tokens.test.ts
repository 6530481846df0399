import rule from '../../../src/rules/controlplane/bootstrap-tokens.js';
import { ruleTester } from '../../support/rule-tester.js';

const token = (stringData: string): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: bootstrap-token-abcdef\n  namespace: kube-system\ntype: bootstrap.kubernetes.io/token\nstringData:\n  token-id: abcdef\n${stringData}\n`;

ruleTester(rule, {
  valid: [
    { name: 'expires after the scan, default groups', yaml: token('  expiration: "2026-11-02T00:00:00Z"\n  usage-bootstrap-authentication: "true"\n  auth-extra-groups: system:bootstrappers:kubeadm:default-node-token') },
    { name: 'other Secret types are not bootstrap tokens', yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n' },
  ],
  invalid: [
    { name: 'no expiration', yaml: token('  usage-bootstrap-authentication: "true"'), errors: [{ messageId: 'noExpiry', path: '/stringData', contains: 'bootstrap-token-abcdef' }] },
    { name: 'expired but present (base64 data)', yaml: token('').replace('stringData:\n  token-id: abcdef\n', `data:\n  expiration: ${Buffer.from('2026-10-01T00:00:00Z').toString('base64')}\n`), errors: [{ messageId: 'expired', path: '/data/expiration', contains: '2026-10-01T00:00:00Z' }] },
    { name: 'extra groups beyond system:bootstrappers', yaml: token('  expiration: "2026-11-02T00:00:00Z"\n  usage-bootstrap-authentication: "true"\n  auth-extra-groups: system:bootstrappers:x,system:masters'), errors: [{ messageId: 'extraGroups', severity: 'high', contains: 'system:masters' }] },
  ],
});
