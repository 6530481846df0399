import rule from '../../../src/rules/controlplane/kubelet-authentication.js';
import { KUBELET, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: KUBELET, from: 'readOnlyPort: 0', to: 'readOnlyPort: 10255', says: 'read-only port' },
]);
