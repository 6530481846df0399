import type { AuditView } from '../../event.js';
import { asObject, isObject } from '../../../core/resource.js';
import { isServiceAccount, succeeded } from '../../event.js';
import type { EventRule } from '../event-rule.js';
import { judged, nsScope } from '../event-rule.js';

const NETPOL = new Set(['networkpolicies', 'globalnetworkpolicies', 'ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies', 'adminnetworkpolicies', 'baselineadminnetworkpolicies']);
const CLUSTER_NETPOL = new Set(['globalnetworkpolicies', 'ciliumclusterwidenetworkpolicies', 'adminnetworkpolicies', 'baselineadminnetworkpolicies']);
const ADMISSION = new Set(['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings']);

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

export const meta = { id: 'HK-AL-009' } as const;

/** HK-AL-009: Safeguard tampering. */
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
