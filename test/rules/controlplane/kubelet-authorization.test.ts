import rule from '../../../src/rules/controlplane/kubelet-authorization.js';
import { KUBELET, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: KUBELET, from: 'mode: Webhook', to: 'mode: AlwaysAllow', says: 'authorization.mode: AlwaysAllow' },
]);
