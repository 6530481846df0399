import type { EventRule } from '../event-rule.js';
import * as anonymous from './anonymous-success.js';
import * as breakGlass from './break-glass-usage.js';
import * as humanSecretRead from './human-secret-read.js';
import * as interactive from './interactive-access.js';
import * as rbac from './rbac-change.js';
import * as tampering from './safeguard-tampering.js';
import * as serviceAccount from './service-account-outside.js';
import * as superUser from './super-user-identity.js';

/** Stateless rules by control id, one module each, named by the control's slug; each module says its id in `meta`. */
export const EVENT_RULES: readonly (readonly [string, EventRule])[] = [
  [anonymous.meta.id, anonymous.anonymousSuccess],
  [humanSecretRead.meta.id, humanSecretRead.humanSecretRead],
  [interactive.meta.id, interactive.interactiveAccess],
  [rbac.meta.id, rbac.rbacChange],
  [breakGlass.meta.id, breakGlass.breakGlass],
  [superUser.meta.id, superUser.superUser],
  [serviceAccount.meta.id, serviceAccount.serviceAccountOutside],
  [tampering.meta.id, tampering.safeguardTampering],
];
