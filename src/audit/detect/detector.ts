import { requireControl } from '../../catalog/index.js';
import type { ControlResult, Finding } from '../../core/finding.js';
import type { AuditView } from '../event.js';
import { actorOf, refOf, whereWhen } from './describe.js';
import type { DetectOptions } from './options.js';
import { AL_REMEDIATION } from './remediation.js';
import { EVENT_RULES } from './rules.js';

/** Runs the HK-AL controls over a stream of events; stateful rules keep their state in the detector, not the module. */
export const AL_CONTROLS: readonly string[] = Array.from({ length: 11 }, (_, i) => `HK-AL-${String(i + 1).padStart(3, '0')}`);

export interface Detector {
  observe(v: AuditView): Finding[];
  /** Findings that need the whole stream (dormant identities) and every control's status. */
  finish(): { findings: Finding[]; controls: ControlResult[] };
}

function finding(id: string, message: string, path: string, phi: boolean, v?: AuditView): Finding {
  const c = requireControl(id);
  const resource = v ? refOf(v) : undefined;
  return {
    control: id,
    title: c.title,
    severity: c.severity,
    hipaa: c.hipaa,
    message,
    ...(resource ? { resource } : {}),
    path,
    remediation: c.remediation || AL_REMEDIATION[id] || '',
    phi,
  };
}

export function createDetector(o: DetectOptions): Detector {
  const seen = new Set<string>();
  const fired = new Map<string, number>();
  const windows = new Map<string, { times: number[]; alerted: boolean }>();
  const lastTime = new Map<string, number>();
  const lastSeen = new Map<string, number>();
  let first = Infinity;
  let last = -Infinity;
  let observed = 0;

  const burst = (key: string, t: number, threshold: number): number | undefined => {
    const w = windows.get(key) ?? { times: [], alerted: false };
    windows.set(key, w);
    w.times.push(t);
    while (w.times.length > 0 && (w.times[0] as number) <= t - o.burstWindowMs) w.times.shift();
    if (w.times.length < threshold) {
      w.alerted = false;
      return undefined;
    }
    if (w.alerted) return undefined;
    w.alerted = true;
    return w.times.length;
  };

  const observe = (v: AuditView): Finding[] => {
    const out: Finding[] = [];
    observed++;
    if (!Number.isNaN(v.time)) {
      first = Math.min(first, v.time);
      last = Math.max(last, v.time);
      // HK-AL-011: silence between this event and the latest earlier one of the same cluster.
      const prev = lastTime.get(v.cluster);
      if (prev !== undefined && v.time - prev > o.gapMs) {
        const minutes = Math.round((v.time - prev) / 60_000);
        out.push(finding('HK-AL-011', `no audit events${v.cluster ? ` from cluster ${v.cluster}` : ''} for ${minutes} minutes, from ${new Date(prev).toISOString()} to ${v.timeText} (entry ${v.seq})`, '/stageTimestamp', true));
      }
      if (prev === undefined || v.time > prev) lastTime.set(v.cluster, v.time);
      for (const id of [v.user.username, v.impersonatedUser?.username, ...v.user.groups, ...(v.impersonatedUser?.groups ?? [])]) {
        if (id) lastSeen.set(id, Math.max(lastSeen.get(id) ?? -Infinity, v.time));
      }
    }
    // HK-AL-001: bursts of 401 per source and user agent, of 403 per user.
    if (v.stage !== 'RequestReceived' && v.code !== undefined && !Number.isNaN(v.time)) {
      if (v.code === 401) {
        const src = v.sourceIPs[v.sourceIPs.length - 1] ?? '?';
        const n = burst(`401/${src}/${v.userAgent}`, v.time, o.burst401);
        if (n !== undefined) out.push(finding('HK-AL-001', `${n} failed authentications (401) from ${src} (${v.userAgent.split(' ')[0] || 'no user agent'}) within ${o.burstWindowMs / 1000}s, last ${whereWhen(v)}`, '/responseStatus/code', true, v));
      } else if (v.code === 403) {
        const n = burst(`403/${v.actor}`, v.time, o.burst403);
        if (n !== undefined) out.push(finding('HK-AL-001', `${n} forbidden requests (403) by ${actorOf(v)} within ${o.burstWindowMs / 1000}s, last ${whereWhen(v)}`, '/responseStatus/code', true, v));
      }
    }
    for (const [id, rule] of EVENT_RULES) {
      const hit = rule(v, o);
      if (!hit) continue;
      const key = `${id}/${hit.key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fired.set(id, (fired.get(id) ?? 0) + 1);
      out.push(finding(id, `${hit.message} ${whereWhen(v)}`, hit.path, hit.phi, v));
    }
    for (const f of out) if (f.control === 'HK-AL-001' || f.control === 'HK-AL-011') fired.set(f.control, (fired.get(f.control) ?? 0) + 1);
    return out;
  };

  const finish = (): { findings: Finding[]; controls: ControlResult[] } => {
    const findings: Finding[] = [];
    let dormant: ControlResult;
    const spanDays = Number.isFinite(first) ? (last - first) / 86_400_000 : 0;
    if (!o.bindings) {
      dormant = { id: 'HK-AL-010', status: 'not-evaluated', reason: 'give the RoleBindings and ClusterRoleBindings with --bindings FILE' };
    } else if (spanDays < o.dormantDays) {
      dormant = { id: 'HK-AL-010', status: 'not-evaluated', reason: `the events span ${spanDays.toFixed(1)} days; dormancy needs at least ${o.dormantDays}` };
    } else {
      const cutoff = last - o.dormantDays * 86_400_000;
      const reported = new Set<string>();
      for (const s of o.bindings) {
        const key = `${s.kind}/${s.name}`;
        if (reported.has(key) || s.name.startsWith('system:') && s.kind !== 'ServiceAccount') continue;
        const seenAt = lastSeen.get(s.name);
        if (seenAt !== undefined && seenAt >= cutoff) continue;
        reported.add(key);
        const when = seenAt === undefined ? 'no event at all in the log' : `last seen ${new Date(seenAt).toISOString()}`;
        const f = finding('HK-AL-010', `${s.kind} ${s.name} is bound by ${s.binding.kind} ${s.binding.namespace ? `${s.binding.namespace}/` : ''}${s.binding.name} but made no request in the last ${o.dormantDays} days (${when})`, '/subjects', true);
        findings.push({ ...f, resource: s.binding });
      }
      dormant = { id: 'HK-AL-010', status: findings.length > 0 ? 'fail' : 'pass' };
    }
    const controls = AL_CONTROLS.map((id): ControlResult => {
      if (id === 'HK-AL-010') return dormant;
      if (observed === 0) return { id, status: 'not-evaluated', reason: 'no audit events in the period' };
      return { id, status: (fired.get(id) ?? 0) > 0 ? 'fail' : 'pass' };
    });
    return { findings, controls };
  };

  return { observe, finish };
}
