import type { ControlResult, Finding } from '../../core/finding.js';
import type { AuditView } from '../event.js';
import { whereWhen } from './describe.js';
import { createDormantIdentities } from './detections/dormant-identities.js';
import { createFailedLoginBursts } from './detections/failed-login-bursts.js';
import { EVENT_RULES } from './detections/index.js';
import { createLoggingGaps } from './detections/logging-gaps.js';
import type { DetectOptions } from './options.js';
import { trailFinding } from './trail-finding.js';

/** Runs the HK-AL controls over a stream of events; the stateful detections get fresh state objects per run. */
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

export function createDetector(o: DetectOptions, mode: DetectorMode = {}): Detector {
  const seen = new Set<string>();
  const fired = new Map<string, number>();
  const bursts = createFailedLoginBursts(o);
  const gaps = createLoggingGaps(o, mode.live === true);
  const dormant = createDormantIdentities(o);
  let observed = 0;

  const observe = (v: AuditView): Finding[] => {
    observed++;
    const out: Finding[] = [...gaps.observe(v)];
    dormant.observe(v);
    out.push(...bursts.observe(v));
    for (const [id, rule] of EVENT_RULES) {
      const hit = rule(v, o);
      if (!hit) continue;
      const key = `${id}/${hit.key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fired.set(id, (fired.get(id) ?? 0) + 1);
      out.push(trailFinding(id, `${hit.message} ${whereWhen(v)}`, hit.path, hit.phi, v));
    }
    for (const f of out) if (f.control === 'HK-AL-001' || f.control === 'HK-AL-011') fired.set(f.control, (fired.get(f.control) ?? 0) + 1);
    return out;
  };

  const observeConflict = (c: ConflictSeen): Finding[] => {
    observed++;
    fired.set('HK-AL-009', (fired.get('HK-AL-009') ?? 0) + 1);
    return [trailFinding('HK-AL-009', `the audit event ${c.auditID} (stage ${c.stage || 'none'}) was received again from ${c.source} at ${c.receivedAt} with content different from entry ${c.entry}: `
      + `a rewritten event or a bug upstream; the second version is kept in the trail's quarantine (#${c.id})`, '/auditID', true)];
  };

  const finish = (): { findings: Finding[]; controls: ControlResult[] } => {
    const findings = gaps.finish();
    fired.set('HK-AL-011', (fired.get('HK-AL-011') ?? 0) + findings.length);
    const idle = dormant.finish();
    findings.push(...idle.findings);
    const controls = AL_CONTROLS.map((id): ControlResult => {
      if (id === 'HK-AL-010') return idle.control;
      if (observed === 0) return { id, status: 'not-evaluated', reason: 'no audit events in the period' };
      return { id, status: (fired.get(id) ?? 0) > 0 ? 'fail' : 'pass' };
    });
    return { findings, controls };
  };

  return { observe, observeConflict, finish };
}
