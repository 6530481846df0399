import { asObject } from '../core/resource.js';
import { maskCommandLine } from './command-mask.js';
import type { AuditView } from './event.js';
import { execCommand, succeeded } from './event.js';

/** The periodic activity review (164.308(a)(1)(ii)(D)): what happened in PHI scope, per person and per namespace. */
export const REVIEW_CATEGORIES = [
  'secret-reads', 'interactive', 'rbac-changes', 'networkpolicy-changes', 'psa-label-changes', 'break-glass', 'impersonation', 'failed', 'anonymous',
] as const;
export type ReviewCategory = (typeof REVIEW_CATEGORIES)[number];

export const CATEGORY_TITLES: Readonly<Record<ReviewCategory, string>> = {
  'secret-reads': 'Secrets read or listed',
  interactive: 'exec, attach and port-forward into pods',
  'rbac-changes': 'RBAC changes',
  'networkpolicy-changes': 'NetworkPolicy changes',
  'psa-label-changes': 'Pod Security Admission label changes',
  'break-glass': 'Break-glass use',
  impersonation: 'Impersonation',
  failed: 'Failed requests',
  anonymous: 'Anonymous requests',
};

export interface ReviewRow {
  readonly category: ReviewCategory;
  readonly time: string;
  readonly actor: string;
  /** The authenticated identity when the actor was impersonated. */
  readonly via?: string;
  readonly verb: string;
  readonly namespace: string;
  readonly resource: string;
  readonly name: string;
  readonly code?: number;
  readonly auditID: string;
  readonly entry: number;
  /** The exec command from the request URI, for interactive access. */
  readonly command?: string;
}

/** A quarantine row as review shows it: where and why, never the bytes (they may hold PHI). */
export interface QuarantineEntry {
  readonly id: number;
  readonly receivedAt: string;
  readonly source: string;
  readonly reason: string;
  readonly auditID?: string;
  readonly stage?: string;
  /** For a conflicting duplicate: the entry holding the logged version. */
  readonly conflictsWith?: number;
}

export interface ReviewOptions {
  /** Bounds on event time; -Infinity and Infinity for the whole trail. */
  readonly since: number;
  readonly until: number;
  /** Count events without a usable time (only sensible for the whole trail). */
  readonly includeUntimed?: boolean;
  readonly isPhi: (namespace: string) => boolean;
  readonly breakGlassGroups: readonly string[];
  readonly breakGlassUsers: readonly string[];
}

export interface ReviewReport {
  /** The period: the bounds given, or the first and last event time when unbounded. */
  readonly since: string;
  readonly until: string;
  /** No bounds were given: the whole trail was read. */
  readonly wholeTrail: boolean;
  readonly events: number;
  readonly inScope: number;
  readonly rows: readonly ReviewRow[];
  readonly counts: Readonly<Record<ReviewCategory, number>>;
  readonly perPerson: readonly { readonly actor: string; readonly counts: Readonly<Partial<Record<ReviewCategory, number>>>; readonly total: number }[];
  readonly perNamespace: readonly { readonly namespace: string; readonly counts: Readonly<Partial<Record<ReviewCategory, number>>>; readonly total: number }[];
  /** Everything received but not logged (rejected items, conflicting duplicates), whatever the period. */
  readonly quarantine: readonly QuarantineEntry[];
}

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

function psaTouched(v: AuditView): boolean {
  const labels = asObject(asObject(asObject(v.requestObject)?.['metadata'])?.['labels']);
  if (!labels) return v.requestObject === undefined && (v.verb === 'patch' || v.verb === 'update');
  return Object.keys(labels).some((k) => k.startsWith('pod-security.kubernetes.io/')) || v.verb === 'update';
}

/** The categories an event falls in; RequestReceived stages are left out so a request counts once. */
export function categoriesOf(v: AuditView, o: Pick<ReviewOptions, 'breakGlassGroups' | 'breakGlassUsers'>): ReviewCategory[] {
  if (v.stage === 'RequestReceived') return [];
  const out: ReviewCategory[] = [];
  const ok = succeeded(v);
  if (v.resource === 'secrets' && !v.subresource && ['get', 'list', 'watch'].includes(v.verb) && ok) out.push('secret-reads');
  if (v.resource === 'pods' && ['exec', 'attach', 'portforward'].includes(v.subresource) && ok) out.push('interactive');
  if (['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'].includes(v.resource) && WRITES.has(v.verb) && ok) out.push('rbac-changes');
  if (v.resource.endsWith('networkpolicies') && WRITES.has(v.verb) && ok) out.push('networkpolicy-changes');
  if (v.resource === 'namespaces' && !v.subresource && (v.verb === 'patch' || v.verb === 'update') && ok && psaTouched(v)) out.push('psa-label-changes');
  const groups = [...v.user.groups, ...(v.impersonatedUser?.groups ?? [])];
  if (groups.some((g) => o.breakGlassGroups.includes(g)) || [v.user.username, v.impersonatedUser?.username].some((u) => u && o.breakGlassUsers.includes(u))) out.push('break-glass');
  if (v.impersonatedUser) out.push('impersonation');
  if (v.code !== undefined && v.code >= 400) out.push('failed');
  if (v.user.username === 'system:anonymous' || v.user.groups.includes('system:unauthenticated')) out.push('anonymous');
  return out;
}

function iso(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString() : '';
}

/** Aggregates a stream of events; feed it with `add` and read the report with `report`. */
export function createReview(o: ReviewOptions): { add(v: AuditView): void; quarantined(q: QuarantineEntry): void; report(): ReviewReport } {
  const rows: ReviewRow[] = [];
  const quarantine: QuarantineEntry[] = [];
  let events = 0;
  let inScope = 0;
  let first = Infinity;
  let last = -Infinity;
  const counts = Object.fromEntries(REVIEW_CATEGORIES.map((c) => [c, 0])) as Record<ReviewCategory, number>;
  const persons = new Map<string, Partial<Record<ReviewCategory, number>>>();
  const namespaces = new Map<string, Partial<Record<ReviewCategory, number>>>();
  const bump = (m: Map<string, Partial<Record<ReviewCategory, number>>>, k: string, c: ReviewCategory): void => {
    const e = m.get(k) ?? {};
    e[c] = (e[c] ?? 0) + 1;
    m.set(k, e);
  };
  return {
    add(v) {
      if (Number.isNaN(v.time) ? !o.includeUntimed : v.time < o.since || v.time >= o.until) return;
      events++;
      if (!Number.isNaN(v.time)) {
        first = Math.min(first, v.time);
        last = Math.max(last, v.time);
      }
      if (!o.isPhi(v.namespace)) return;
      inScope++;
      for (const category of categoriesOf(v, o)) {
        counts[category]++;
        bump(persons, v.actor || '(unknown)', category);
        bump(namespaces, v.namespace || '(cluster)', category);
        const command = category === 'interactive' && v.subresource === 'exec' ? maskCommandLine(execCommand(v.requestURI)) : undefined;
        rows.push({
          category, time: v.timeText, actor: v.actor || '(unknown)', ...(v.impersonatedUser ? { via: v.user.username } : {}),
          verb: v.verb, namespace: v.namespace, resource: v.subresource ? `${v.resource}/${v.subresource}` : v.resource, name: v.name,
          ...(v.code !== undefined ? { code: v.code } : {}), auditID: v.auditID, entry: v.seq, ...(command ? { command } : {}),
        });
      }
    },
    quarantined(q) {
      quarantine.push(q);
    },
    report() {
      const total = (c: Partial<Record<ReviewCategory, number>>): number => Object.values(c).reduce((a, b) => a + (b ?? 0), 0);
      const list = <K extends string>(m: Map<string, Partial<Record<ReviewCategory, number>>>, key: K) =>
        [...m.entries()].map(([k, c]) => ({ [key]: k, counts: c, total: total(c) }) as { [P in K]: string } & { counts: Partial<Record<ReviewCategory, number>>; total: number })
          .sort((a, b) => b.total - a.total || String(a[key]).localeCompare(String(b[key])));
      return {
        since: iso(Number.isFinite(o.since) ? o.since : first),
        until: iso(Number.isFinite(o.until) ? o.until : last),
        wholeTrail: o.since === -Infinity && o.until === Infinity,
        events,
        inScope,
        rows: rows.sort((a, b) => a.time.localeCompare(b.time) || a.entry - b.entry),
        counts,
        perPerson: list(persons, 'actor'),
        perNamespace: list(namespaces, 'namespace'),
        quarantine,
      };
    },
  };
}
