import type { JsonObject } from '../core/resource.js';
import { asObject, asString } from '../core/resource.js';

/**
 * The shape of a just-in-time grant, shared by the broker (which writes it), the RBAC analysis (which tells standing
 * from just-in-time access) and the trail (which records every step). A grant is one RoleBinding.
 */
export const GRANT_LABEL = 'phiguard.dev/access-grant';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'phiguard-access';
export const BREAK_GLASS_GRANT_LABEL = 'phiguard.dev/break-glass';

export const GRANT_ANNOTATIONS = {
  requester: 'phiguard.dev/requester',
  approvers: 'phiguard.dev/approvers',
  reason: 'phiguard.dev/reason',
  ticket: 'phiguard.dev/ticket',
  expires: 'phiguard.dev/expires',
  grantedAt: 'phiguard.dev/granted-at',
  owner: 'phiguard.dev/owner',
  reviewedAt: 'phiguard.dev/reviewed-at',
  /** sha256 of the canonical roleRef and subjects as granted: a hand edit changes them and no longer matches. */
  digest: 'phiguard.dev/grant-digest',
} as const;

export function grantBindingName(requestId: string): string {
  return `phiguard-access-${requestId}`;
}

export interface GrantFacts {
  readonly requestId: string;
  readonly breakGlass: boolean;
  readonly requester?: string;
  readonly approvers: readonly string[];
  readonly reason?: string;
  readonly ticket?: string;
  /** RFC 3339; absent on a binding that only carries the label (then it is not a valid grant). */
  readonly expires?: string;
  readonly grantedAt?: string;
  readonly digest?: string;
}

/** The grant a RoleBinding object carries, or undefined for a binding the broker did not make. */
export function grantFacts(binding: JsonObject): GrantFacts | undefined {
  const meta = asObject(binding['metadata']);
  const labels = asObject(meta?.['labels']) ?? {};
  const requestId = asString(labels[GRANT_LABEL]);
  if (requestId === undefined || requestId === '') return undefined;
  const ann = asObject(meta?.['annotations']) ?? {};
  const text = (key: string): string | undefined => asString(ann[key]);
  const optional = (name: string, value: string | undefined): Record<string, string> => (value === undefined ? {} : { [name]: value });
  return {
    requestId,
    breakGlass: asString(labels[BREAK_GLASS_GRANT_LABEL]) === 'true',
    approvers: (text(GRANT_ANNOTATIONS.approvers) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    ...optional('requester', text(GRANT_ANNOTATIONS.requester)),
    ...optional('reason', text(GRANT_ANNOTATIONS.reason)),
    ...optional('ticket', text(GRANT_ANNOTATIONS.ticket)),
    ...optional('expires', text(GRANT_ANNOTATIONS.expires)),
    ...optional('grantedAt', text(GRANT_ANNOTATIONS.grantedAt)),
    ...optional('digest', text(GRANT_ANNOTATIONS.digest)),
  };
}

/** Whether a grant is in force at `now` (ms): it has an expiry and the expiry is later. */
export function grantActive(g: GrantFacts, now: number): boolean {
  return g.expires !== undefined && Date.parse(g.expires) > now;
}

/** Every step of a request's life, as recorded in the trail. */
export const ACCESS_ACTIONS = [
  'requested', 'approved', 'denied', 'granted', 'revoked', 'expired', 'break-glass', 'reviewed', 'repaired', 'tampered',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** apiVersion and kind of an access record stored as a leaf of the audit trail, beside the API server's events. */
export const ACCESS_RECORD_API_VERSION = 'phiguard.dev/v1';
export const ACCESS_RECORD_KIND = 'AccessRecord';

export interface AccessRecord {
  readonly id: string;
  readonly action: AccessAction;
  /** Who did this step (the kubeconfig user, or the broker for reconcile actions). */
  readonly actor: string;
  /** RFC 3339. */
  readonly at: string;
  readonly namespace: string;
  readonly role: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string };
  readonly requester: string;
  readonly breakGlass: boolean;
  readonly reason?: string;
  readonly ticket?: string;
  readonly expires?: string;
  readonly approvers?: readonly string[];
  /** The grant RoleBinding's name. */
  readonly binding?: string;
  /** Why, for denied/revoked/repaired/tampered/reviewed steps; never a manifest body. */
  readonly note?: string;
  /** Requested length of the grant in seconds (requested, break-glass). */
  readonly durationSeconds?: number;
  /** Distinct approvals the policy asked for when the request was made (requested). */
  readonly approvalsRequired?: number;
  /** The grant-digest of the binding as created (granted): a binding that no longer has it was changed by hand. */
  readonly digest?: string;
}

/** The access record a stored leaf's event holds, or undefined when the leaf is an API server audit event. */
export function accessRecordOf(event: JsonObject): AccessRecord | undefined {
  if (event['apiVersion'] !== ACCESS_RECORD_API_VERSION || event['kind'] !== ACCESS_RECORD_KIND) return undefined;
  const record = asObject(event['record']);
  if (!record) return undefined;
  const action = asString(record['action']);
  const role = asObject(record['role']);
  if (!action || !(ACCESS_ACTIONS as readonly string[]).includes(action) || !role) return undefined;
  return record as unknown as AccessRecord;
}

/** The event-shaped document an access record is stored as: auditID access/ID/N and stage = the action. */
export function accessRecordEvent(record: AccessRecord, step: number): JsonObject {
  return {
    apiVersion: ACCESS_RECORD_API_VERSION,
    kind: ACCESS_RECORD_KIND,
    auditID: `access/${record.id}/${step}`,
    stage: record.action,
    record: record as unknown as JsonObject,
  };
}
