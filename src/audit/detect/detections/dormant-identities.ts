import type { ControlResult, Finding } from '../../../core/finding.js';
import type { AuditView } from '../../event.js';
import type { DetectOptions } from '../options.js';
import { trailFinding } from '../trail-finding.js';

export const meta = { id: 'HK-AL-010' } as const;

/** HK-AL-010: bound subjects that made no request in the last dormantDays; judged over the whole stream at finish. */
export interface DormantIdentities {
  observe(v: AuditView): void;
  finish(): { findings: Finding[]; control: ControlResult };
}

export function createDormantIdentities(o: DetectOptions): DormantIdentities {
  const lastSeen = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;

  const observe = (v: AuditView): void => {
    if (Number.isNaN(v.time)) return;
    first = Math.min(first, v.time);
    last = Math.max(last, v.time);
    for (const id of [v.user.username, v.impersonatedUser?.username, ...v.user.groups, ...(v.impersonatedUser?.groups ?? [])]) {
      if (id) lastSeen.set(id, Math.max(lastSeen.get(id) ?? -Infinity, v.time));
    }
  };

  const finish = (): { findings: Finding[]; control: ControlResult } => {
    const spanDays = Number.isFinite(first) ? (last - first) / 86_400_000 : 0;
    if (!o.bindings) return { findings: [], control: { id: meta.id, status: 'not-evaluated', reason: 'give the RoleBindings and ClusterRoleBindings with --bindings FILE' } };
    if (spanDays < o.dormantDays) return { findings: [], control: { id: meta.id, status: 'not-evaluated', reason: `the events span ${spanDays.toFixed(1)} days; dormancy needs at least ${o.dormantDays}` } };
    const findings: Finding[] = [];
    const cutoff = last - o.dormantDays * 86_400_000;
    const reported = new Set<string>();
    for (const s of o.bindings) {
      const key = `${s.kind}/${s.name}`;
      if (reported.has(key) || s.name.startsWith('system:') && s.kind !== 'ServiceAccount') continue;
      const seenAt = lastSeen.get(s.name);
      if (seenAt !== undefined && seenAt >= cutoff) continue;
      reported.add(key);
      const when = seenAt === undefined ? 'no event at all in the log' : `last seen ${new Date(seenAt).toISOString()}`;
      const f = trailFinding(meta.id, `${s.kind} ${s.name} is bound by ${s.binding.kind} ${s.binding.namespace ? `${s.binding.namespace}/` : ''}${s.binding.name} but made no request in the last ${o.dormantDays} days (${when})`, '/subjects', true);
      findings.push({ ...f, resource: s.binding });
    }
    return { findings, control: { id: meta.id, status: findings.length > 0 ? 'fail' : 'pass' } };
  };

  return { observe, finish };
}
