import rule from '../../../src/rules/controlplane/audit-off-cluster-shipping.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '    - --audit-webhook-config-file=/etc/kubernetes/audit/webhook-kubeconfig.yaml\n', to: '', says: 'stay on the control-plane node', at: '--audit-log-path' },
]);
