import rule from '../../../src/rules/controlplane/apiserver-admission-plugins.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--enable-admission-plugins=NodeRestriction,EventRateLimit', to: '--enable-admission-plugins=EventRateLimit,AlwaysAdmit', says: 'AlwaysAdmit' },
]);
