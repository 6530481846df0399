import rule from '../../../src/rules/controlplane/service-account-token-lifetime.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--service-account-max-token-expiration=24h', to: '--service-account-max-token-expiration=720h', says: 'valid for 720h' },
]);
