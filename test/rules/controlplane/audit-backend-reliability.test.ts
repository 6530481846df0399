import rule from '../../../src/rules/controlplane/audit-backend-reliability.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--audit-log-format=json', to: '--audit-log-format=legacy', says: 'legacy text format' },
]);
