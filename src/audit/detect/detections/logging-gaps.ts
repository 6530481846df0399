import type { Finding } from '../../../core/finding.js';
import type { AuditView } from '../../event.js';
import type { DetectOptions } from '../options.js';
import { trailFinding } from '../trail-finding.js';

export const meta = { id: 'HK-AL-011' } as const;

/** HK-AL-011: silence longer than the gap between events of one cluster; the detector makes one per run. */
export interface LoggingGaps {
  observe(v: AuditView): Finding[];
  finish(): Finding[];
}

/**
 * Live (detect --follow): a gap is reported when the next event arrives. Otherwise gaps are judged at finish over the
 * events sorted by time, so the order the files were imported in does not matter.
 */
export function createLoggingGaps(o: DetectOptions, live: boolean): LoggingGaps {
  // Outside live mode: every event's time and entry per cluster, sorted at finish.
  const timeline = new Map<string, { times: number[]; texts: string[]; seqs: number[] }>();
  const lastTime = new Map<string, number>();

  const observe = (v: AuditView): Finding[] => {
    if (Number.isNaN(v.time)) return [];
    if (live) {
      const out: Finding[] = [];
      const prev = lastTime.get(v.cluster);
      if (prev !== undefined && v.time - prev > o.gapMs) out.push(gapFinding(v.cluster, prev, v.time, v.timeText, v.seq));
      if (prev === undefined || v.time > prev) lastTime.set(v.cluster, v.time);
      return out;
    }
    const t = timeline.get(v.cluster) ?? { times: [], texts: [], seqs: [] };
    timeline.set(v.cluster, t);
    t.times.push(v.time);
    t.texts.push(v.timeText);
    t.seqs.push(v.seq);
    return [];
  };

  const finish = (): Finding[] => {
    const findings: Finding[] = [];
    for (const [cluster, t] of timeline) {
      const order = t.times.map((_, i) => i).sort((a, b) => (t.times[a] as number) - (t.times[b] as number) || (t.seqs[a] as number) - (t.seqs[b] as number));
      for (let k = 1; k < order.length; k++) {
        const prev = t.times[order[k - 1] as number] as number;
        const i = order[k] as number;
        if ((t.times[i] as number) - prev > o.gapMs) findings.push(gapFinding(cluster, prev, t.times[i] as number, t.texts[i] as string, t.seqs[i] as number));
      }
    }
    return findings;
  };

  return { observe, finish };
}

function gapFinding(cluster: string, from: number, to: number, toText: string, seq: number): Finding {
  const minutes = Math.round((to - from) / 60_000);
  return trailFinding(meta.id, `no audit events${cluster ? ` from cluster ${cluster}` : ''} for ${minutes} minutes, from ${new Date(from).toISOString()} to ${toText} (entry ${seq})`, '/stageTimestamp', true);
}
