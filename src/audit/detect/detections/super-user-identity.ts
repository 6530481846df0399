import type { EventRule } from '../event-rule.js';
import { hour, judged, nsScope } from '../event-rule.js';

export const meta = { id: 'HK-AL-007' } as const;

/** HK-AL-007: Super-user identities used. */
export const superUser: EventRule = (v, o) => {
  if (!judged(v) || v.user.username === 'system:apiserver') return undefined;
  const masters = v.user.groups.includes('system:masters');
  const named = o.superUsers.includes(v.user.username);
  if (!masters && !named) return undefined;
  return { key: `${v.user.username}/${hour(v)}`, path: masters ? '/user/groups' : '/user/username', phi: nsScope(v, o),
    message: `super-user identity ${v.user.username}${masters ? ' (group system:masters)' : ''} was used; it bypasses RBAC and is not tied to a person` };
};
