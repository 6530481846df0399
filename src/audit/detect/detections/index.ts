import type { EventRule } from '../event-rule.js';
import { anonymousSuccess } from './anonymous-success.js';
import { breakGlass } from './break-glass-usage.js';
import { humanSecretRead } from './human-secret-read.js';
import { interactiveAccess } from './interactive-access.js';
import { rbacChange } from './rbac-change.js';
import { safeguardTampering } from './safeguard-tampering.js';
import { serviceAccountOutside } from './service-account-outside.js';
import { superUser } from './super-user-identity.js';

/** Stateless rules by control id, one module each, named by the control's slug. */
export const EVENT_RULES: readonly (readonly [string, EventRule])[] = [
  ['HK-AL-002', anonymousSuccess],
  ['HK-AL-003', humanSecretRead],
  ['HK-AL-004', interactiveAccess],
  ['HK-AL-005', rbacChange],
  ['HK-AL-006', breakGlass],
  ['HK-AL-007', superUser],
  ['HK-AL-008', serviceAccountOutside],
  ['HK-AL-009', safeguardTampering],
];
