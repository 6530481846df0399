import rule from '../../../src/rules/controlplane/audit-logging-enabled.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '    - --audit-policy-file=/etc/kubernetes/audit/audit-policy.yaml\n', to: '', says: 'no --audit-policy-file', at: '  - command:' },
]);
