import rule from '../../../src/rules/controlplane/apiserver-static-credentials.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--profiling=false', to: '--token-auth-file=/etc/kubernetes/tokens.csv', says: 'static bearer tokens' },
]);
