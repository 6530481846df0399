import rule from '../../../src/rules/controlplane/service-account-tokens.js';
import { API, KCM, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--service-account-lookup=true', to: '--service-account-lookup=false', says: 'deleted service accounts' },
  { file: KCM, from: '--use-service-account-credentials=true', to: '--use-service-account-credentials=false', says: 'its own identity' },
]);
