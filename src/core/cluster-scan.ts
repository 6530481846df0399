import type { ControlResult } from './finding.js';
import type { JsonObject, KubeResource } from './resource.js';
import { asArray, asObject, asString } from './resource.js';
import type { RuleMeta } from './rule.js';
import { WORKLOAD_KINDS } from './kinds.js';

/**
 * A cluster scan writes what it learnt about the API itself (server version, audit error counter, kinds it could
 * not read) as one synthetic object, so rules read it like any resource and a saved scan re-runs offline alike.
 */
export const CLUSTER_SCAN_API_VERSION = 'phiguard.dev/v1alpha1';
export const CLUSTER_SCAN_KIND = 'ClusterScan';

/** A kind the scan could not read in full, and why. */
export interface UnreadableKind {
  readonly kind: string;
  readonly group: string;
  readonly resource: string;
  /** forbidden: not listed at all; metadata-only: only names, labels and annotations were read (Secrets). */
  readonly reason: 'forbidden' | 'metadata-only' | 'error';
  readonly message: string;
  /** The RBAC rule that would allow it, for forbidden kinds. */
  readonly rule?: string;
}

export function isClusterScan(r: KubeResource): boolean {
  return r.ref.kind === CLUSTER_SCAN_KIND && r.ref.apiVersion === CLUSTER_SCAN_API_VERSION;
}

export function clusterScanStatus(resources: readonly KubeResource[]): JsonObject | undefined {
  const scan = resources.find(isClusterScan);
  return scan ? asObject(scan.object['status']) ?? {} : undefined;
}

export function unreadableKindsOf(status: JsonObject | undefined): UnreadableKind[] {
  const out: UnreadableKind[] = [];
  for (const v of asArray(status?.['unreadable'])) {
    const o = asObject(v);
    const kind = asString(o?.['kind']);
    const reason = asString(o?.['reason']);
    if (!o || !kind || (reason !== 'forbidden' && reason !== 'metadata-only' && reason !== 'error')) continue;
    const rule = asString(o['rule']);
    out.push({ kind, group: asString(o['group']) ?? '', resource: asString(o['resource']) ?? kind.toLowerCase(), reason, message: asString(o['message']) ?? '', ...(rule ? { rule } : {}) });
  }
  return out;
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a rule reads a kind: it declares it, or its `needs` names it (by kind or resource name, or as a workload or RBAC object). */
export function ruleNeedsKind(meta: RuleMeta, kind: UnreadableKind): boolean {
  if (meta.kinds?.includes(kind.kind)) return true;
  const needs = meta.needs;
  if (new RegExp(`\\b(${escapeRegExp(kind.kind)}(s|es)?|${escapeRegExp(kind.resource)})\\b`, 'i').test(needs)) return true;
  if (WORKLOAD_KINDS.includes(kind.kind) && /\bworkloads?\b/i.test(needs)) return true;
  return RBAC_KINDS.has(kind.kind) && /\b(RBAC|bindings)\b/i.test(needs);
}

function reasonOf(kinds: readonly UnreadableKind[]): string {
  return kinds.map((k) => k.reason === 'forbidden'
    ? `could not list ${k.resource}${k.group ? `.${k.group}` : ''}: forbidden${k.rule ? ` (allow it with ${k.rule})` : ''}`
    : k.reason === 'metadata-only' ? `${k.resource} were read as metadata only (their values never leave the cluster)`
      : `could not list ${k.resource}${k.group ? `.${k.group}` : ''}: ${k.message}`).join('; ');
}

/**
 * A control whose input the scan could not read is not-evaluated with that reason, never a pass. Its findings are set
 * aside when a kind was not listed at all (they may rest on its absence, e.g. "no NetworkPolicy"); over metadata-only
 * kinds a finding still wins, since what was read is what the cluster holds.
 */
export function withUnreadable(controls: readonly ControlResult[], metas: ReadonlyMap<string, readonly RuleMeta[]>, unreadable: readonly UnreadableKind[]): { controls: ControlResult[]; setAside: ReadonlySet<string> } {
  const setAside = new Set<string>();
  if (unreadable.length === 0) return { controls: [...controls], setAside };
  const out = controls.map((c): ControlResult => {
    if (c.status === 'manual') return c;
    if (c.status === 'not-evaluated' && !(c.reason ?? '').startsWith('needs ')) return c;
    const missing = unreadable.filter((k) => (metas.get(c.id) ?? []).some((m) => ruleNeedsKind(m, k)));
    const unlisted = missing.filter((k) => k.reason !== 'metadata-only');
    if (c.status === 'fail' || c.status === 'waived') {
      if (unlisted.length === 0) return c;
      setAside.add(c.id);
      return { id: c.id, status: 'not-evaluated', reason: `${reasonOf(unlisted)}; its findings are set aside, as they may rest on what could not be read` };
    }
    return missing.length > 0 ? { id: c.id, status: 'not-evaluated', reason: reasonOf(missing) } : c;
  });
  return { controls: out, setAside };
}
