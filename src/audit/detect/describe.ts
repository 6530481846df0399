import type { ResourceRef } from '../../core/resource.js';
import type { AuditView } from '../event.js';

/** How findings name an event: who, what, where, when, and the ids to find it again; never bodies. */
export function targetOf(v: AuditView): string {
  const res = v.subresource ? `${v.resource}/${v.subresource}` : v.resource || v.requestURI.split('?')[0] || '?';
  const obj = v.name ? `${res} ${v.name}` : res;
  return v.namespace ? `${obj} in namespace ${v.namespace}` : obj;
}

export function actorOf(v: AuditView): string {
  return v.impersonatedUser ? `${v.impersonatedUser.username} (impersonated by ${v.user.username})` : v.user.username || '(unknown user)';
}

export function whereWhen(v: AuditView): string {
  const seq = v.seq >= 0 ? `, entry ${v.seq}` : '';
  return `at ${v.timeText || 'unknown time'} (auditID ${v.auditID}${seq})`;
}

export function refOf(v: AuditView): ResourceRef | undefined {
  if (!v.resource) return undefined;
  return {
    apiVersion: v.apiGroup ? `${v.apiGroup}/v1` : 'v1',
    kind: v.subresource ? `${v.resource}/${v.subresource}` : v.resource,
    ...(v.namespace ? { namespace: v.namespace } : {}),
    name: v.name || '*',
  };
}
