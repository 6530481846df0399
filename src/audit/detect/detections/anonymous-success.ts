import { succeeded } from '../../event.js';
import type { EventRule } from '../event-rule.js';
import { judged } from '../event-rule.js';

const HEALTH = /^\/(healthz|livez|readyz|version)(\/|\?|$)|^\/\.well-known\/openid-configuration|^\/openid\/v1\/jwks/;

export const meta = { id: 'HK-AL-002' } as const;

/** HK-AL-002: Anonymous success. */
export const anonymousSuccess: EventRule = (v) => {
  if (!judged(v) || !succeeded(v)) return undefined;
  const anon = v.user.username === 'system:anonymous' || v.user.groups.includes('system:unauthenticated');
  if (!anon || HEALTH.test(v.requestURI)) return undefined;
  return { key: v.auditID, path: '/user/username', phi: true, message: `anonymous request succeeded: ${v.verb} ${v.requestURI.split('?')[0]}` };
};
