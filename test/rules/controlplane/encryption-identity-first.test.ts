import rule from '../../../src/rules/controlplane/encryption-identity-first.js';
import { ENC, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: ENC, from: '      - kms:', to: '      - identity: {}\n      - kms:', says: 'lists identity first (then kms, identity' },
  { file: ENC, from: '      - secrets\n', to: '', says: 'No resources entry matches secrets', at: 'resources:' },
]);
