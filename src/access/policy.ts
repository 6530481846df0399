import { formatDuration, parseDuration } from './duration.js';

/**
 * The access policy from the `access:` section of .phiguard.yaml: what may be requested where, by whom, for how long,
 * who approves, and who may break glass. Group membership is named here, never taken from what a client asserts.
 */
export interface AccessRoleRule {
  /** Role names (in the requested namespace) this rule lets people request. */
  readonly roles?: readonly string[];
  readonly clusterRoles?: readonly string[];
  /** Namespace names, or "*" for any. */
  readonly namespaces: readonly string[];
  /** Who may request: users by name and members of the policy's groups; both absent means anyone. */
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  /** Longest grant, e.g. "4h" (default 8h). */
  readonly maxDuration?: string;
  /** Distinct approvers needed (default 1; never the requester). */
  readonly approvals?: number;
  /** Approvers must be members of one of these groups; absent means any identity but the requester. */
  readonly approverGroups?: readonly string[];
}

export interface BreakGlassPolicy {
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  /** Fixed ceiling of an emergency grant (default 1h). */
  readonly maxDuration?: string;
  /** Namespaces where glass may be broken (default any). */
  readonly namespaces?: readonly string[];
  /** What break-glass grants unless --role/--clusterrole names something else (default ClusterRole admin). */
  readonly clusterRole?: string;
  /** Roles and ClusterRoles that may be given by break-glass besides the default one. */
  readonly roles?: readonly string[];
  readonly clusterRoles?: readonly string[];
}

export interface AccessPolicy {
  /** Group name -> member user names. */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  readonly rules?: readonly AccessRoleRule[];
  readonly breakGlass?: BreakGlassPolicy;
  /** Lets --as-user name the identity (tests and bots only); default false. */
  readonly allowAsUser?: boolean;
  /** Trail store used when --store is not given (SQLite file or postgres:// URL). */
  readonly store?: string;
}

export const DEFAULT_MAX_DURATION = '8h';
export const DEFAULT_BREAK_GLASS_DURATION = '1h';
export const DEFAULT_BREAK_GLASS_CLUSTER_ROLE = 'admin';

export interface RoleRef { readonly kind: 'Role' | 'ClusterRole'; readonly name: string }

export interface AccessAsk {
  readonly requester: string;
  readonly role: RoleRef;
  readonly namespace: string;
  readonly seconds: number;
}

/** Groups of the policy that `user` belongs to. */
export function groupsOf(policy: AccessPolicy, user: string): string[] {
  return Object.entries(policy.groups ?? {}).filter(([, members]) => members.includes(user)).map(([g]) => g);
}

function identityMatches(policy: AccessPolicy, user: string, users: readonly string[] | undefined, groups: readonly string[] | undefined): boolean {
  if (users === undefined && groups === undefined) return true;
  if (users?.includes(user)) return true;
  const mine = groupsOf(policy, user);
  return (groups ?? []).some((g) => mine.includes(g));
}

function roleListed(rule: { roles?: readonly string[]; clusterRoles?: readonly string[] }, role: RoleRef): boolean {
  return (role.kind === 'Role' ? rule.roles : rule.clusterRoles)?.includes(role.name) === true;
}

function nsListed(list: readonly string[] | undefined, ns: string): boolean {
  return list === undefined || list.includes('*') || list.includes(ns);
}

export function roleText(r: RoleRef): string {
  return `${r.kind} ${r.name}`;
}

export type Verdict<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** The rule that allows this ask, or why none does (each refusal names the policy field that decides it). */
export function evaluateRequest(policy: AccessPolicy, ask: AccessAsk): Verdict<AccessRoleRule> {
  const rules = policy.rules ?? [];
  if (rules.length === 0) return { ok: false, reason: 'the policy allows no requests: access.rules is empty' };
  const forRole = rules.filter((r) => roleListed(r, ask.role));
  if (forRole.length === 0) return { ok: false, reason: `${roleText(ask.role)} may not be requested: no access.rules entry lists it` };
  const forNs = forRole.filter((r) => nsListed(r.namespaces, ask.namespace));
  if (forNs.length === 0) return { ok: false, reason: `${roleText(ask.role)} may not be requested in namespace ${ask.namespace}: access.rules lists it only for ${[...new Set(forRole.flatMap((r) => r.namespaces))].join(', ')}` };
  const forWho = forNs.filter((r) => identityMatches(policy, ask.requester, r.users, r.groups));
  if (forWho.length === 0) return { ok: false, reason: `${ask.requester} may not request ${roleText(ask.role)} in ${ask.namespace}: not among the users or groups of the matching access.rules entry` };
  const fits = forWho.filter((r) => ask.seconds <= maxSecondsOf(r));
  if (fits.length === 0) {
    const longest = Math.max(...forWho.map(maxSecondsOf));
    return { ok: false, reason: `${formatDuration(ask.seconds)} is longer than the maximum of ${formatDuration(longest)} (access.rules maxDuration) for ${roleText(ask.role)} in ${ask.namespace}` };
  }
  // The least demanding matching rule decides how many approvals are needed.
  const rule = [...fits].sort((a, b) => (a.approvals ?? 1) - (b.approvals ?? 1))[0] as AccessRoleRule;
  return { ok: true, value: rule };
}

export function maxSecondsOf(rule: AccessRoleRule): number {
  return parseDuration(rule.maxDuration ?? DEFAULT_MAX_DURATION) ?? 0;
}

/** Whether `approver` may approve a request made under `rule` by `requester`; self-approval is refused always. */
export function evaluateApprover(policy: AccessPolicy, rule: AccessRoleRule, requester: string, approver: string, already: readonly string[]): Verdict<true> {
  if (approver === requester) return { ok: false, reason: `${approver} requested this access and cannot approve it (self-approval is never allowed)` };
  if (already.includes(approver)) return { ok: false, reason: `${approver} has already approved this request; it needs a different approver` };
  if (rule.approverGroups !== undefined && !rule.approverGroups.some((g) => groupsOf(policy, approver).includes(g))) {
    return { ok: false, reason: `${approver} is not in an approver group of this rule (access.rules approverGroups: ${rule.approverGroups.join(', ')})` };
  }
  return { ok: true, value: true };
}

export interface BreakGlassGrant { readonly role: RoleRef; readonly seconds: number }

/** Whether `user` may break glass in `namespace` for `role` (default the policy's); the grant always lasts the fixed maximum. */
export function evaluateBreakGlass(policy: AccessPolicy, user: string, namespace: string, role?: RoleRef): Verdict<BreakGlassGrant> {
  const bg = policy.breakGlass;
  if (!bg || (bg.users === undefined && bg.groups === undefined)) return { ok: false, reason: 'the policy names nobody who may break glass: set access.breakGlass.users or access.breakGlass.groups' };
  if (!identityMatches(policy, user, bg.users ?? [], bg.groups ?? [])) return { ok: false, reason: `${user} may not break glass: not among access.breakGlass.users or the members of access.breakGlass.groups` };
  if (!nsListed(bg.namespaces, namespace)) return { ok: false, reason: `glass may not be broken in namespace ${namespace} (access.breakGlass.namespaces: ${(bg.namespaces ?? []).join(', ')})` };
  const fallback: RoleRef = { kind: 'ClusterRole', name: bg.clusterRole ?? DEFAULT_BREAK_GLASS_CLUSTER_ROLE };
  const chosen = role ?? fallback;
  if (!(chosen.kind === fallback.kind && chosen.name === fallback.name) && !roleListed(bg, chosen)) {
    return { ok: false, reason: `${roleText(chosen)} may not be given by break-glass (access.breakGlass.clusterRole, roles, clusterRoles)` };
  }
  return { ok: true, value: { role: chosen, seconds: parseDuration(bg.maxDuration ?? DEFAULT_BREAK_GLASS_DURATION) ?? 3600 } };
}
