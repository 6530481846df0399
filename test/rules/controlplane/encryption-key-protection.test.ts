import rule from '../../../src/rules/controlplane/encryption-key-protection.js';
import { ENC, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: ENC, from: '      - identity: {}', to: '      - aescbc:\n          keys:\n            - name: key1\n              secret: c2VjcmV0IGlzIHNlY3VyZSwgdGhpcyBpcyBhIHRlc3QhIQ==', says: 'raw aescbc key', at: '          keys:' },
]);
