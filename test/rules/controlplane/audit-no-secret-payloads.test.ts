import rule from '../../../src/rules/controlplane/audit-no-secret-payloads.js';
import { AUDIT, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: AUDIT, from: '  # Secret values, ConfigMap data and tokens never enter the log', to: '  - level: RequestResponse\n    namespaces: ["kube-system"]\n    resources:\n      - group: ""\n        resources: ["secrets"]\n  # Secret values, ConfigMap data and tokens never enter the log', at: '  - level: RequestResponse\n    namespaces: ["kube-system"]', says: 'at RequestResponse: Secret and ConfigMap values' },
  { file: AUDIT, from: '  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets"', to: '  - level: RequestResponse\n    resources:\n      - group: ""\n        resources: ["secrets"', says: 'Secret reads, Secret changes, ConfigMap reads' },
]);
