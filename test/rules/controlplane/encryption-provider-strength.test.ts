import rule from '../../../src/rules/controlplane/encryption-provider-strength.js';
import { ENC, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: ENC, from: '          apiVersion: v2', to: '          apiVersion: v1', says: 'kms v1: deprecated', at: '      - kms:' },
]);
