import rule from '../../../src/rules/controlplane/audit-phi-not-excluded.js';
import { AUDIT, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: AUDIT, from: 'rules:\n', to: 'rules:\n  - level: None\n    userGroups: ["oidc:developers"]\n', says: 'silences group oidc:developers', at: '    userGroups: ["oidc:developers"]' },
]);
