import { requireControl } from '../../catalog/index.js';
import type { ControlResult, Finding } from '../../core/finding.js';
import type { AuditView } from '../event.js';
import { actorOf, refOf, whereWhen } from './describe.js';
import type { DetectOptions } from './options.js';
import { EVENT_RULES } from './detections/index.js';

/** Runs the HK-AL controls over a stream of events; stateful rules keep their state in the detector, not the module. */
export const AL_CONTROLS: readonly string[] = Array.from({ length: 11 }, (_, i) => `HK-AL-${String(i + 1).padStart(3, '0')}`);

/** A conflicting duplicate from the trail's quarantine: the same auditID and stage as a logged entry, other content. */
export interface ConflictSeen {
  readonly id: number;
  readonly auditID: string;
  readonly stage: string;
  readonly entry: number;
  readonly receivedAt: string;
  readonly source: string;
}

export interface DetectorMode {
  /**
   * Events arrive as they happen (detect --follow): a gap is reported when the next event arrives. Otherwise gaps are
   * judged at finish over the events sorted by time, so the order the files were imported in does not matter.
   */
  readonly live?: boolean;
}

export interface Detector {
  observe(v: AuditView): Finding[];
  /** HK-AL-009: a conflicting duplicate is evidence that someone rewrote an event (or of a bug upstream). */
  observeConflict(c: ConflictSeen): Finding[];
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
    remediation: c.remediation,
    phi,
  };
}

export function createDetector(o: DetectOptions, mode: DetectorMode = {}): Detector {
  const seen = new Set<string>();
  // HK-AL-011 outside live mode: every event's time and entry per cluster, sorted at finish.
  const timeline = new Map<string, { times: number[]; texts: string[]; seqs: number[] }>();
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
      if (mode.live) {
        const prev = lastTime.get(v.cluster);
        if (prev !== undefined && v.time - prev > o.gapMs) out.push(gapFinding(v.cluster, prev, v.time, v.timeText, v.seq));
        if (prev === undefined || v.time > prev) lastTime.set(v.cluster, v.time);
      } else {
        const t = timeline.get(v.cluster) ?? { times: [], texts: [], seqs: [] };
        timeline.set(v.cluster, t);
        t.times.push(v.time);
        t.texts.push(v.timeText);
        t.seqs.push(v.seq);
      }
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

  const observeConflict = (c: ConflictSeen): Finding[] => {
    observed++;
    fired.set('HK-AL-009', (fired.get('HK-AL-009') ?? 0) + 1);
    return [finding('HK-AL-009', `the audit event ${c.auditID} (stage ${c.stage || 'none'}) was received again from ${c.source} at ${c.receivedAt} with content different from entry ${c.entry}: `
      + `a rewritten event or a bug upstream; the second version is kept in the trail's quarantine (#${c.id})`, '/auditID', true)];
  };

  const finish = (): { findings: Finding[]; controls: ControlResult[] } => {
    const findings: Finding[] = [];
    for (const [cluster, t] of timeline) {
      const order = t.times.map((_, i) => i).sort((a, b) => (t.times[a] as number) - (t.times[b] as number) || (t.seqs[a] as number) - (t.seqs[b] as number));
      for (let k = 1; k < order.length; k++) {
        const prev = t.times[order[k - 1] as number] as number;
        const i = order[k] as number;
        if ((t.times[i] as number) - prev > o.gapMs) findings.push(gapFinding(cluster, prev, t.times[i] as number, t.texts[i] as string, t.seqs[i] as number));
      }
    }
    fired.set('HK-AL-011', (fired.get('HK-AL-011') ?? 0) + findings.length);
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
      dormant = { id: 'HK-AL-010', status: findings.some((f) => f.control === 'HK-AL-010') ? 'fail' : 'pass' };
    }
    const controls = AL_CONTROLS.map((id): ControlResult => {
      if (id === 'HK-AL-010') return dormant;
      if (observed === 0) return { id, status: 'not-evaluated', reason: 'no audit events in the period' };
      return { id, status: (fired.get(id) ?? 0) > 0 ? 'fail' : 'pass' };
    });
    return { findings, controls };
  };

  return { observe, observeConflict, finish };
}

function gapFinding(cluster: string, from: number, to: number, toText: string, seq: number): Finding {
  const minutes = Math.round((to - from) / 60_000);
  return finding('HK-AL-011', `no audit events${cluster ? ` from cluster ${cluster}` : ''} for ${minutes} minutes, from ${new Date(from).toISOString()} to ${toText} (entry ${seq})`, '/stageTimestamp', true);
}
