import rule from '../../../src/rules/controlplane/apiserver-tls.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--tls-min-version=VersionTLS12', to: '--tls-min-version=VersionTLS10', says: 'VersionTLS10' },
]);
