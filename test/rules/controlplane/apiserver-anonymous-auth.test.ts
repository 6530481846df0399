import rule from '../../../src/rules/controlplane/apiserver-anonymous-auth.js';
import { AUTHN, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: AUTHN, from: '    - path: /readyz\n', to: '    - path: /api\n', says: 'for /livez, /api, /healthz', at: 'anonymous:' },
]);
