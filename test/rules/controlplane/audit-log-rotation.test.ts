import rule from '../../../src/rules/controlplane/audit-log-rotation.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--audit-log-maxage=30', to: '--audit-log-maxage=7', says: '--audit-log-maxage=7' },
]);
