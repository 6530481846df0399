import { requireControl } from '../catalog/index.js';
import type { Finding } from '../core/finding.js';
import type { AuditView } from '../audit/event.js';
import { grantBindingName } from './grant.js';
import { roleText } from './policy.js';
import type { RequestState } from './state.js';

/** One break-glass use for the post-hoc review: who, where, why, the window it was open, and what was done in it. */
export interface BreakGlassUse {
  readonly id: string;
  readonly user: string;
  readonly namespace: string;
  readonly role: string;
  readonly reason: string;
  readonly from: string;
  /** End of the window: when it was revoked or removed, else its expiry. */
  readonly to: string;
  readonly status: string;
  readonly reviews: RequestState['reviews'];
  readonly activity: BreakGlassActivity[];
}

/** One API request the identity made during the window; names and codes only, never bodies. */
export interface BreakGlassActivity {
  readonly time: string;
  readonly verb: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly code?: number;
  readonly auditID: string;
  readonly entry: number;
}

export function breakGlassUses(states: Iterable<RequestState>): BreakGlassUse[] {
  const out: BreakGlassUse[] = [];
  for (const s of states) {
    if (!s.breakGlass) continue;
    const from = s.grantedAt ?? s.requestedAt;
    const planned = s.expires ?? new Date(Date.parse(from) + s.durationSeconds * 1000).toISOString();
    const to = s.endedAt !== undefined && Date.parse(s.endedAt) < Date.parse(planned) ? s.endedAt : planned;
    out.push({ id: s.id, user: s.requester, namespace: s.namespace, role: roleText(s.role), reason: s.reason ?? '', from, to, status: s.status, reviews: s.reviews, activity: [] });
  }
  return out;
}

/** Adds `v` to every use whose identity made it inside the window. */
export function addActivity(uses: readonly BreakGlassUse[], v: AuditView): void {
  if (Number.isNaN(v.time) || v.stage === 'RequestReceived') return;
  for (const u of uses) {
    if (v.actor !== u.user || v.time < Date.parse(u.from) || v.time > Date.parse(u.to)) continue;
    u.activity.push({ time: v.timeText, verb: v.verb, resource: v.subresource ? `${v.resource}/${v.subresource}` : v.resource, namespace: v.namespace, name: v.name,
      ...(v.code !== undefined ? { code: v.code } : {}), auditID: v.auditID, entry: v.seq });
  }
}

/** HK-AL-006 for every break-glass use that has no `reviewed` record yet. */
export function unreviewedBreakGlass(states: Iterable<RequestState>): Finding[] {
  const c = requireControl('HK-AL-006');
  const out: Finding[] = [];
  for (const s of states) {
    if (!s.breakGlass || s.reviews.length > 0) continue;
    out.push({
      control: c.id, title: c.title, severity: c.severity, hipaa: c.hipaa,
      message: `break-glass grant ${s.id}: ${s.requester} got ${roleText(s.role)} in ${s.namespace} at ${s.grantedAt ?? s.requestedAt} (reason: ${s.reason ?? 'none'}) and it has no post-hoc review; run \`phiguard audit review\` and then \`phiguard access review ${s.id} --note "..."\``,
      resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: s.namespace, name: grantBindingName(s.id) },
      path: '/metadata/labels/phiguard.dev~1break-glass',
      remediation: 'Review what the identity did during the grant (phiguard audit review lists it), then record the review with phiguard access review ID --note.',
      phi: true,
    });
  }
  return out;
}
