import type { JsonValue } from '../../../core/resource.js';
import { asObject } from '../../../core/resource.js';
import { succeeded } from '../../event.js';
import type { EventRule } from '../event-rule.js';
import { judged, nsScope, WRITE_VERBS } from '../event-rule.js';

const RBAC_RESOURCES = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);
const CLUSTER_RBAC = new Set(['clusterroles', 'clusterrolebindings']);
// Control-plane identities whose RBAC writes are bootstrapping and aggregation, not people granting access.
const RBAC_CONTROLLERS = new Set(['system:apiserver', 'system:kube-controller-manager', 'system:serviceaccount:kube-system:clusterrole-aggregation-controller']);

function roleRefName(obj: JsonValue | undefined): string | undefined {
  const ref = asObject(asObject(obj)?.['roleRef']);
  return typeof ref?.['name'] === 'string' ? ref['name'] : undefined;
}

export const meta = { id: 'HK-AL-005' } as const;

/** HK-AL-005: RBAC changes. */
export const rbacChange: EventRule = (v, o) => {
  if (!judged(v)) return undefined;
  if (v.impersonatedUser && succeeded(v) && !o.impersonators.includes(v.user.username)) {
    return { key: `imp/${v.auditID}`, path: '/impersonatedUser/username', phi: nsScope(v, o),
      message: `${v.user.username} impersonated ${v.impersonatedUser.username} (not an allowed impersonator)` };
  }
  if (!RBAC_RESOURCES.has(v.resource) || v.subresource || !WRITE_VERBS.has(v.verb) || !succeeded(v)) return undefined;
  if (RBAC_CONTROLLERS.has(v.user.username)) return undefined;
  const cluster = CLUSTER_RBAC.has(v.resource);
  if (!cluster && !nsScope(v, o)) return undefined;
  const role = roleRefName(v.requestObject) ?? roleRefName(v.responseObject);
  const admin = role === 'cluster-admin' ? ' binding cluster-admin' : '';
  const kind = v.resource.replace(/s$/, '');
  return { key: v.auditID, path: '/verb', phi: cluster ? o.isPhi('') : true,
    message: `${v.impersonatedUser?.username || v.user.username} ${v.verb === 'create' ? 'created' : v.verb === 'delete' || v.verb === 'deletecollection' ? 'deleted' : 'changed'} ${kind} ${v.namespace ? `${v.namespace}/` : ''}${v.name || '(collection)'}${admin}` };
};
