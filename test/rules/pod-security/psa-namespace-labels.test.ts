import rule from '../../../src/rules/pod-security/psa-namespace-labels.js';
import { ruleTester } from '../../support/rule-tester.js';

const ns = (name: string, labels: Record<string, string>): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n` +
  (Object.keys(labels).length ? '  labels:\n' + Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n') + '\n' : '');

const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};
const PHI = { 'phiguard.dev/scope': 'phi' };

ruleTester(rule, {
  valid: [
    { name: 'PHI namespace fully labelled', yaml: ns('ehr', { ...PHI, ...RESTRICTED }) },
    { name: 'pinned version', yaml: ns('ehr', { ...PHI, ...RESTRICTED, 'pod-security.kubernetes.io/enforce-version': 'v1.30' }) },
    { name: 'non-PHI namespace at baseline', yaml: ns('ehr', { ...PHI, ...RESTRICTED }) + '---\n' + ns('tools', { 'phiguard.dev/scope': 'none', 'pod-security.kubernetes.io/enforce': 'baseline' }) },
    { name: 'system namespaces are exempt', yaml: ns('ehr', { ...PHI, ...RESTRICTED }) + '---\n' + ns('kube-system', {}) + '---\n' + ns('kube-node-lease', {}) },
  ],
  invalid: [
    { name: 'unlabelled namespace with no scope declared counts as PHI', yaml: ns('default', {}),
      errors: [
        { messageId: 'phiNotEnforced', severity: 'high', contains: 'unset', fix: true, path: '/metadata' },
      ] },
    { name: 'a phi-adjacent namespace is called by its own scope word', yaml: ns('portal', { 'phiguard.dev/scope': 'phi-adjacent', 'pod-security.kubernetes.io/enforce': 'baseline' }),
      errors: [{ messageId: 'phiNotEnforced', contains: 'phi-adjacent namespace "portal"' }] },
    { name: 'PHI namespace enforcing baseline only', yaml: ns('ehr', { ...PHI, ...RESTRICTED, 'pod-security.kubernetes.io/enforce': 'baseline' }),
      errors: [{ messageId: 'phiNotEnforced', contains: 'is baseline', line: 7, path: '/metadata/labels/pod-security.kubernetes.io~1enforce' }] },
    { name: 'PHI namespace without enforce-version', yaml: ns('ehr', { ...PHI, 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' }),
      errors: [{ messageId: 'phiHygiene', severity: 'low', fix: true, contains: 'does not set enforce-version:' }] },
    { name: 'PHI namespace warning at baseline', yaml: ns('ehr', { ...PHI, ...RESTRICTED, 'pod-security.kubernetes.io/warn': 'baseline' }),
      errors: [{ messageId: 'phiHygiene', severity: 'low', contains: 'does not set warn:' }] },
    { name: 'PHI namespace enforcing restricted without audit, warn or a version: the control is met, one low hygiene finding',
      yaml: ns('ehr', { ...PHI, 'pod-security.kubernetes.io/enforce': 'restricted' }),
      errors: [{ messageId: 'phiHygiene', severity: 'low', fix: true, contains: 'enforce-version, audit, warn' }] },
    { name: 'invalid level and version', yaml: ns('ehr', { ...PHI, ...RESTRICTED, 'pod-security.kubernetes.io/audit': 'strict', 'pod-security.kubernetes.io/enforce-version': '1.30' }),
      errors: [
        { messageId: 'invalidLevel', contains: 'strict' },
        { messageId: 'invalidVersion', contains: '1.30' },
        { messageId: 'phiHygiene', contains: 'does not set audit:' },
      ] },
    { name: 'non-PHI namespace without PSA', yaml: ns('ehr', { ...PHI, ...RESTRICTED }) + '---\n' + ns('tools', { 'phiguard.dev/scope': 'none' }),
      errors: [{ messageId: 'belowBaseline', severity: 'medium', resource: 'tools', fix: true }] },
    { name: 'non-PHI namespace enforcing privileged', yaml: ns('ehr', { ...PHI, ...RESTRICTED }) + '---\n' + ns('ci', { 'pod-security.kubernetes.io/enforce': 'privileged' }),
      errors: [{ messageId: 'belowBaseline', contains: 'is privileged' }] },
  ],
});
