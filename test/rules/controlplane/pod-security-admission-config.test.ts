import rule from '../../../src/rules/controlplane/pod-security-admission-config.js';
import { ADM, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: ADM, from: 'enforce: baseline', to: 'enforce: privileged', says: 'weaker than baseline' },
  { file: ADM, from: '          - kube-system\n', to: '          - kube-system\n          - patients\n', says: 'PHI namespace "patients"', at: '          - patients' },
]);
