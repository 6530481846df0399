import rule from '../../../src/rules/controlplane/apiserver-authorization-mode.js';
import { API, hardenedVariants } from './hardened-variants.js';

hardenedVariants(rule, [
  { file: API, from: '--authorization-mode=Node,RBAC', to: '--authorization-mode=AlwaysAllow', says: 'authorizes every request' },
  { file: API, from: '--authorization-mode=Node,RBAC', to: '--authorization-mode=RBAC', says: 'lacks Node' },
]);
