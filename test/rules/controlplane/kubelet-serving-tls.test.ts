import rule from '../../../src/rules/controlplane/kubelet-serving-tls.js';
import { KUBELET, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: KUBELET, from: 'tlsMinVersion: VersionTLS12', to: 'tlsMinVersion: VersionTLS11', says: 'VersionTLS11' },
]);
