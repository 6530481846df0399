import type { AccessRecord } from './grant.js';
import type { RoleRef } from './policy.js';

/**
 * A request's state, folded from its records in log order: there is no mutable table, so the state is only as
 * trustworthy as the Merkle log it is read from.
 */
export type RequestStatus = 'pending' | 'approved' | 'granted' | 'denied' | 'revoked' | 'expired' | 'repaired' | 'tampered';

export interface RequestState {
  readonly id: string;
  readonly status: RequestStatus;
  readonly breakGlass: boolean;
  readonly requester: string;
  readonly namespace: string;
  readonly role: RoleRef;
  readonly reason?: string;
  readonly ticket?: string;
  readonly durationSeconds: number;
  readonly approvalsRequired: number;
  readonly approvers: readonly string[];
  readonly requestedAt: string;
  /** When the binding was created (the granted record). */
  readonly grantedAt?: string;
  readonly expires?: string;
  readonly digest?: string;
  /** When the grant ended (revoked, expired, tampered, repaired). */
  readonly endedAt?: string;
  readonly reviews: readonly { readonly by: string; readonly at: string; readonly note: string }[];
  /** Number of records folded: the step number of the next one. */
  readonly steps: number;
  readonly records: readonly AccessRecord[];
}

const CLOSED: ReadonlySet<RequestStatus> = new Set(['denied', 'revoked', 'expired', 'repaired', 'tampered']);

export function isClosed(s: RequestState): boolean {
  return CLOSED.has(s.status);
}

/** Folds one request's records (in log order) into its state; undefined when the first record does not open a request. */
export function foldRecords(records: readonly AccessRecord[]): RequestState | undefined {
  const [first] = records;
  if (!first || (first.action !== 'requested' && first.action !== 'break-glass')) return undefined;
  let s: RequestState = {
    id: first.id, status: first.action === 'break-glass' ? 'approved' : 'pending', breakGlass: first.action === 'break-glass',
    requester: first.requester, namespace: first.namespace, role: first.role,
    ...(first.reason !== undefined ? { reason: first.reason } : {}), ...(first.ticket !== undefined ? { ticket: first.ticket } : {}),
    durationSeconds: first.durationSeconds ?? 0, approvalsRequired: first.action === 'break-glass' ? 0 : first.approvalsRequired ?? 1,
    approvers: [], requestedAt: first.at, reviews: [], steps: 1, records: [first],
  };
  for (const r of records.slice(1)) s = step(s, r);
  return s;
}

function step(s: RequestState, r: AccessRecord): RequestState {
  const next: RequestState = { ...s, steps: s.steps + 1, records: [...s.records, r] };
  switch (r.action) {
    case 'approved': {
      if (s.status !== 'pending') return next;
      const approvers = s.approvers.includes(r.actor) ? s.approvers : [...s.approvers, r.actor];
      return { ...next, approvers, status: approvers.length >= s.approvalsRequired ? 'approved' : 'pending' };
    }
    case 'denied':
      return s.status === 'pending' || s.status === 'approved' ? { ...next, status: 'denied', endedAt: r.at } : next;
    case 'granted':
      return s.status === 'approved'
        ? { ...next, status: 'granted', grantedAt: r.at, ...(r.expires !== undefined ? { expires: r.expires } : {}), ...(r.digest !== undefined ? { digest: r.digest } : {}) }
        : next;
    case 'revoked': case 'expired': case 'repaired': case 'tampered':
      return isClosed(s) ? next : { ...next, status: r.action, endedAt: r.at };
    case 'reviewed':
      return { ...next, reviews: [...s.reviews, { by: r.actor, at: r.at, note: r.note ?? '' }] };
    default:
      return next;
  }
}

/** Every request in the records, by id, in the order they were opened. */
export function foldAll(records: readonly AccessRecord[]): Map<string, RequestState> {
  const byId = new Map<string, AccessRecord[]>();
  for (const r of records) {
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  const out = new Map<string, RequestState>();
  for (const [id, list] of byId) {
    const s = foldRecords(list);
    if (s) out.set(id, s);
  }
  return out;
}

/** The fields every record about this request repeats, so each leaf is readable on its own. */
export function recordBase(s: RequestState): Pick<AccessRecord, 'id' | 'namespace' | 'role' | 'requester' | 'breakGlass'> & Partial<AccessRecord> {
  return {
    id: s.id, namespace: s.namespace, role: s.role, requester: s.requester, breakGlass: s.breakGlass,
    ...(s.reason !== undefined ? { reason: s.reason } : {}), ...(s.ticket !== undefined ? { ticket: s.ticket } : {}),
  };
}
