import { isServiceAccount, succeeded } from '../../event.js';
import type { EventRule } from '../event-rule.js';
import { judged, nsScope, READ_VERBS } from '../event-rule.js';

export const meta = { id: 'HK-AL-003' } as const;

/** HK-AL-003: Human reads of Secrets in PHI ns. */
export const humanSecretRead: EventRule = (v, o) => {
  if (!judged(v) || v.resource !== 'secrets' || v.subresource || !READ_VERBS.has(v.verb) || !succeeded(v)) return undefined;
  const who = v.impersonatedUser?.username || v.user.username;
  if (isServiceAccount(who) || who.startsWith('system:')) return undefined;
  if (!nsScope(v, o)) return undefined;
  const what = v.name ? `Secret ${v.name}` : 'Secrets';
  const where = v.namespace ? `in PHI namespace ${v.namespace}` : 'across all namespaces';
  return { key: v.auditID, path: '/objectRef/resource', phi: true, message: `${who} ${v.verb === 'get' ? 'read' : v.verb === 'list' ? 'listed' : 'watched'} ${what} ${where}` };
};
