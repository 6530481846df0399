import rule from '../../../src/rules/controlplane/break-glass-audited.js';
import { AUDIT, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: AUDIT, from: '  - level: RequestResponse\n    userGroups: ["oidc:phi-break-glass"]\n', to: '', says: 'Break-glass group "oidc:phi-break-glass" is logged at Request', at: '  - level: Request\n    resources:\n      - group: ""\n        resources: ["pods/exec"' },
]);
