import rule from '../../../src/rules/controlplane/dos-guards.js';
import { KUBELET, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: KUBELET, from: 'podPidsLimit: 4096', to: 'podPidsLimit: -1', says: 'no pod PID limit' },
]);
