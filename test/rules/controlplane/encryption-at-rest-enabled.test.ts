import rule from '../../../src/rules/controlplane/encryption-at-rest-enabled.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '    - --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml\n', to: '', says: 'no --encryption-provider-config', at: '  - command:' },
]);
