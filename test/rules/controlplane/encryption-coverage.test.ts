import rule from '../../../src/rules/controlplane/encryption-coverage.js';
import { ENC, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: ENC, from: '      - configmaps\n', to: '', says: 'ConfigMaps match no resources entry', at: 'resources:' },
]);
