import rule from '../../../src/rules/controlplane/kubelet-streaming-idle-timeout.js';
import { KUBELET, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: KUBELET, from: 'streamingConnectionIdleTimeout: 5m0s', to: 'streamingConnectionIdleTimeout: 4h0m0s', says: 'only after 4h' },
]);
