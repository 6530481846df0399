import { succeeded } from '../../event.js';
import type { EventRule } from '../event-rule.js';
import { judged, nsScope, WRITE_VERBS } from '../event-rule.js';

export const meta = { id: 'HK-AL-004' } as const;

/** HK-AL-004: exec/attach/port-forward into PHI pods. */
export const interactiveAccess: EventRule = (v, o) => {
  if (!judged(v) || !succeeded(v)) return undefined;
  const pod = v.resource === 'pods' && ['exec', 'attach', 'portforward', 'ephemeralcontainers'].includes(v.subresource);
  const node = v.resource === 'nodes' && v.subresource === 'proxy';
  if (!pod && !node) return undefined;
  if (v.subresource === 'ephemeralcontainers' && !WRITE_VERBS.has(v.verb)) return undefined;
  if (pod && !nsScope(v, o)) return undefined;
  const kind = v.subresource === 'portforward' ? 'port-forwarded into' : v.subresource === 'ephemeralcontainers' ? 'added a debug container to' : node ? 'proxied to node' : `${v.subresource === 'exec' ? 'exec' : 'attach'}ed into`;
  const target = node ? v.name : `pod ${v.namespace}/${v.name}`;
  return { key: v.auditID, path: '/objectRef/subresource', phi: pod ? true : o.isPhi(''), message: `${v.impersonatedUser?.username || v.user.username} ${kind} ${target}` };
};
