import type { JsonValue } from '../../core/resource.js';
import { asObject, isObject } from '../../core/resource.js';
import type { AuditView } from '../event.js';
import { isServiceAccount, succeeded } from '../event.js';
import { addressIn, NON_PUBLIC } from '../../core/ip.js';
import type { DetectOptions } from './options.js';

/** The per-event HK-AL rules: each says whether an event is a hit and why, without state. */
export interface Hit {
  readonly message: string;
  /** JSON pointer into the event of the field that decided. */
  readonly path: string;
  readonly phi: boolean;
  /** Hits with the same key are reported once (stages of one request, repeated use within an hour). */
  readonly key: string;
}

export type EventRule = (v: AuditView, o: DetectOptions) => Hit | undefined;

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const READ_VERBS = new Set(['get', 'list', 'watch']);
const RBAC_RESOURCES = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);
const CLUSTER_RBAC = new Set(['clusterroles', 'clusterrolebindings']);
const HEALTH = /^\/(healthz|livez|readyz|version)(\/|\?|$)|^\/\.well-known\/openid-configuration|^\/openid\/v1\/jwks/;
const NETPOL = new Set(['networkpolicies', 'globalnetworkpolicies', 'ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies', 'adminnetworkpolicies', 'baselineadminnetworkpolicies']);
const CLUSTER_NETPOL = new Set(['globalnetworkpolicies', 'ciliumclusterwidenetworkpolicies', 'adminnetworkpolicies', 'baselineadminnetworkpolicies']);
const ADMISSION = new Set(['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings']);
const INTERACTIVE_AGENT = /^(kubectl|curl|wget|mozilla|postmanruntime|python-requests|httpie|insomnia|k9s|lens|openlens|headlamp)\b/i;
// Control-plane identities whose RBAC writes are bootstrapping and aggregation, not people granting access.
const RBAC_CONTROLLERS = new Set(['system:apiserver', 'system:kube-controller-manager', 'system:serviceaccount:kube-system:clusterrole-aggregation-controller']);

const hour = (v: AuditView): string => (Number.isNaN(v.time) ? '' : new Date(v.time).toISOString().slice(0, 13));

/** Events seen at RequestReceived have no outcome yet; rules judge the later stages. */
function judged(v: AuditView): boolean {
  return v.stage !== 'RequestReceived';
}

function nsScope(v: AuditView, o: DetectOptions): boolean {
  return o.isPhi(v.namespace);
}

export const anonymousSuccess: EventRule = (v) => {
  if (!judged(v) || !succeeded(v)) return undefined;
  const anon = v.user.username === 'system:anonymous' || v.user.groups.includes('system:unauthenticated');
  if (!anon || HEALTH.test(v.requestURI)) return undefined;
  return { key: v.auditID, path: '/user/username', phi: true, message: `anonymous request succeeded: ${v.verb} ${v.requestURI.split('?')[0]}` };
};

export const humanSecretRead: EventRule = (v, o) => {
  if (!judged(v) || v.resource !== 'secrets' || v.subresource || !READ_VERBS.has(v.verb) || !succeeded(v)) return undefined;
  const who = v.impersonatedUser?.username || v.user.username;
  if (isServiceAccount(who) || who.startsWith('system:')) return undefined;
  if (!nsScope(v, o)) return undefined;
  const what = v.name ? `Secret ${v.name}` : 'Secrets';
  const where = v.namespace ? `in PHI namespace ${v.namespace}` : 'across all namespaces';
  return { key: v.auditID, path: '/objectRef/resource', phi: true, message: `${who} ${v.verb === 'get' ? 'read' : v.verb === 'list' ? 'listed' : 'watched'} ${what} ${where}` };
};

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

function roleRefName(obj: JsonValue | undefined): string | undefined {
  const ref = asObject(asObject(obj)?.['roleRef']);
  return typeof ref?.['name'] === 'string' ? ref['name'] : undefined;
}

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

function bindingOfReason(reason: string): string | undefined {
  const m = /(?:Cluster)?RoleBinding "([^"]+)"/.exec(reason);
  return m?.[1];
}

export const breakGlass: EventRule = (v, o) => {
  if (!judged(v)) return undefined;
  const groups = [...v.user.groups, ...(v.impersonatedUser?.groups ?? [])];
  const group = groups.find((g) => o.breakGlassGroups.includes(g));
  const user = [v.user.username, v.impersonatedUser?.username ?? ''].find((u) => u !== '' && o.breakGlassUsers.includes(u));
  const binding = bindingOfReason(v.reason);
  const viaBinding = binding !== undefined && (o.breakGlassBindings.includes(binding) || o.breakGlassBindings.includes(binding.split('/')[0] as string));
  if (!group && !user && !viaBinding) return undefined;
  const how = group ? `as member of break-glass group ${group}` : user ? 'with a break-glass identity' : `through break-glass binding ${binding}`;
  return { key: `${v.actor}/${hour(v)}`, path: group ? '/user/groups' : user ? '/user/username' : '/annotations/authorization.k8s.io~1reason', phi: nsScope(v, o),
    message: `${v.actor} used break-glass access ${how}` };
};

export const superUser: EventRule = (v, o) => {
  if (!judged(v) || v.user.username === 'system:apiserver') return undefined;
  const masters = v.user.groups.includes('system:masters');
  const named = o.superUsers.includes(v.user.username);
  if (!masters && !named) return undefined;
  return { key: `${v.user.username}/${hour(v)}`, path: masters ? '/user/groups' : '/user/username', phi: nsScope(v, o),
    message: `super-user identity ${v.user.username}${masters ? ' (group system:masters)' : ''} was used; it bypasses RBAC and is not tied to a person` };
};

export const serviceAccountOutside: EventRule = (v, o) => {
  if (!judged(v)) return undefined;
  if (v.user.username.startsWith('system:node:')) {
    // Kubelets talk from node addresses; a node credential from a public one has left the node.
    const from = v.sourceIPs[v.sourceIPs.length - 1] ?? '';
    if (from === '' || addressIn(from, NON_PUBLIC) || addressIn(from, o.clusterCidrs)) return undefined;
    return { key: `${v.user.username}/${from}/${hour(v)}`, path: '/sourceIPs', phi: nsScope(v, o),
      message: `node credential ${v.user.username} was used from ${from}, a public address outside the cluster networks` };
  }
  if (!isServiceAccount(v.user.username)) return undefined;
  const ip = v.sourceIPs[v.sourceIPs.length - 1] ?? '';
  const outside = ip !== '' && !addressIn(ip, o.clusterCidrs);
  const interactive = INTERACTIVE_AGENT.test(v.userAgent);
  if (!outside && !interactive) return undefined;
  const why = outside ? `from ${ip}, outside the cluster networks` : `from an interactive client (${v.userAgent.split(' ')[0]})`;
  return { key: `${v.user.username}/${ip}/${v.userAgent.split(' ')[0]}/${hour(v)}`, path: outside ? '/sourceIPs' : '/userAgent', phi: nsScope(v, o),
    message: `service account token ${v.user.username} was used ${why}` };
};

function psaWeakened(v: AuditView): string | undefined {
  const labels = asObject(asObject(asObject(v.requestObject)?.['metadata'])?.['labels']);
  if (v.verb === 'patch') {
    if (!labels) return undefined;
    for (const [k, val] of Object.entries(labels)) {
      if (!k.startsWith('pod-security.kubernetes.io/')) continue;
      if (val === null) return `removed label ${k}`;
      if (k.endsWith('/enforce') && (val === 'privileged' || val === 'baseline')) return `set ${k}=${val}`;
    }
    return undefined;
  }
  if (v.verb === 'update' && isObject(v.requestObject)) {
    const enforce = labels?.['pod-security.kubernetes.io/enforce'];
    if (enforce === undefined || enforce === null) return 'replaced the namespace without a pod-security.kubernetes.io/enforce label';
    if (enforce === 'privileged') return 'set pod-security.kubernetes.io/enforce=privileged';
  }
  return undefined;
}

export const safeguardTampering: EventRule = (v, o) => {
  if (!judged(v) || !succeeded(v) || v.subresource === 'status') return undefined;
  const who = v.impersonatedUser?.username || v.user.username;
  const deleting = v.verb === 'delete' || v.verb === 'deletecollection';
  if (v.resource === 'namespaces' && (v.verb === 'patch' || v.verb === 'update') && o.isPhi(v.name)) {
    const what = psaWeakened(v);
    if (what) return { key: v.auditID, path: '/requestObject/metadata/labels', phi: true, message: `${who} weakened Pod Security Admission on PHI namespace ${v.name}: ${what}` };
  }
  if (NETPOL.has(v.resource) && deleting && (CLUSTER_NETPOL.has(v.resource) || nsScope(v, o))) {
    return { key: v.auditID, path: '/verb', phi: true, message: `${who} deleted ${v.resource} ${v.namespace ? `${v.namespace}/` : ''}${v.name || '(collection)'}` };
  }
  if (ADMISSION.has(v.resource) && (deleting || ((v.verb === 'update' || v.verb === 'patch') && !isServiceAccount(who) && !who.startsWith('system:')))) {
    return { key: v.auditID, path: '/verb', phi: o.isPhi(''), message: `${who} ${deleting ? 'deleted' : 'changed'} admission control ${v.resource} ${v.name || '(collection)'} (policy-engine bypass)` };
  }
  if (v.resource === 'daemonsets' && (deleting || v.verb === 'update' || v.verb === 'patch') && o.collectorPattern.test(v.name) && !isServiceAccount(who) && !who.startsWith('system:')) {
    return { key: v.auditID, path: '/objectRef/name', phi: o.isPhi(''), message: `${who} ${deleting ? 'deleted' : 'changed'} audit/security collector DaemonSet ${v.namespace}/${v.name}` };
  }
  return undefined;
};

/** Stateless rules by control id. */
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
