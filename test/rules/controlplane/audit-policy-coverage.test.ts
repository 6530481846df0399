import rule from '../../../src/rules/controlplane/audit-policy-coverage.js';
import { AUDIT, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: AUDIT, from: 'rules:\n', to: 'rules:\n  - level: None\n    namespaces: ["patients"]\n    resources:\n      - group: ""\n        resources: ["pods/exec", "pods/attach"]\n', says: 'hides pods/exec, pods/attach in namespace patients', at: '  - level: None\n    namespaces' },
  { file: AUDIT, from: 'omitStages: ["RequestReceived"]', to: 'omitStages: ["RequestReceived", "ResponseStarted"]', says: 'logged only when it ends', at: '  - level: Request\n    resources:\n      - group: ""\n        resources: ["pods/exec"' },
]);
