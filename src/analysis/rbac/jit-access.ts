import { grantActive, grantFacts } from '../../access/grant.js';
import type { Inventory } from '../../core/inventory.js';
import { capabilityIndex } from './capabilities.js';
import type { Binding } from './model.js';
import { describeSubject, subjectKey } from './model.js';
import type { RbacModel } from './model.js';
import { phiNamespaces } from './access-matrix.js';
import { isBreakGlass } from './grants.js';

export type AccessKind = 'standing' | 'jit';

/** A just-in-time grant as the analysis shows it: who asked, until when, and whether it is in force at the analysis time. */
export interface JitGrant {
  readonly requestId: string;
  readonly breakGlass: boolean;
  readonly requester?: string;
  readonly expires?: string;
  /** active: before its expiry; expired: past it but still bound (reconcile should have removed it); no-expiry: not a valid grant. */
  readonly state: 'active' | 'expired' | 'no-expiry';
}

/** The grant a binding carries: only a RoleBinding is a grant (the broker never makes a ClusterRoleBinding). */
export function jitGrantOf(binding: Binding, now: number): JitGrant | undefined {
  if (binding.kind !== 'RoleBinding') return undefined;
  const g = grantFacts(binding.resource.object);
  if (!g) return undefined;
  const state = g.expires === undefined || Number.isNaN(Date.parse(g.expires)) ? 'no-expiry' : grantActive(g, now) ? 'active' : 'expired';
  return { requestId: g.requestId, breakGlass: g.breakGlass, ...(g.requester !== undefined ? { requester: g.requester } : {}), ...(g.expires !== undefined ? { expires: g.expires } : {}), state };
}

export interface StandingHumanAccess {
  /** Users and Groups (no ServiceAccount, no system: identity) with standing read-Secrets or exec in a PHI namespace. */
  readonly count: number;
  readonly subjects: readonly string[];
  /** Subjects reached only through standing break-glass bindings (judged by HK-EA-001/002), not counted. */
  readonly breakGlass: readonly string[];
  readonly namespaces: readonly string[];
}

/**
 * "Standing human access to PHI Secrets/exec", the number to drive to zero. A grant past its expiry that is still
 * bound counts as standing: Kubernetes still honours it until reconcile deletes it.
 */
export function standingHumanAccess(model: RbacModel, inventory: Inventory, now: number): StandingHumanAccess {
  const namespaces = phiNamespaces(inventory);
  const hitsOf = capabilityIndex(model);
  const counted = new Map<string, string>();
  const glass = new Map<string, string>();
  for (const b of model.bindings) {
    if (!b.role) continue;
    if (b.scope !== '*' && !namespaces.includes(b.scope)) continue;
    if (b.scope === '*' && namespaces.length === 0) continue;
    if (jitGrantOf(b, now)?.state === 'active') continue;
    if (hitsOf(b.role, 'read-secrets').length === 0 && hitsOf(b.role, 'exec').length === 0) continue;
    for (const { subject } of b.subjects) {
      if (subject.kind === 'ServiceAccount' || subject.name.startsWith('system:')) continue;
      (isBreakGlass(b) ? glass : counted).set(subjectKey(subject), describeSubject(subject));
    }
  }
  for (const k of counted.keys()) glass.delete(k);
  const sorted = (m: Map<string, string>): string[] => [...m.values()].sort();
  return { count: counted.size, subjects: sorted(counted), breakGlass: sorted(glass), namespaces };
}
