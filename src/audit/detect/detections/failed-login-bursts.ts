import type { Finding } from '../../../core/finding.js';
import type { AuditView } from '../../event.js';
import { actorOf, whereWhen } from '../describe.js';
import type { DetectOptions } from '../options.js';
import { trailFinding } from '../trail-finding.js';

export const meta = { id: 'HK-AL-001' } as const;

/** HK-AL-001: bursts of 401 per source and user agent, of 403 per user; the detector makes one per run. */
export interface FailedLoginBursts {
  observe(v: AuditView): Finding[];
}

export function createFailedLoginBursts(o: DetectOptions): FailedLoginBursts {
  const windows = new Map<string, { times: number[]; alerted: boolean }>();

  /** The count when a window first reaches the threshold; it alerts again only after falling below it. */
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
    if (v.stage === 'RequestReceived' || v.code === undefined || Number.isNaN(v.time)) return [];
    if (v.code === 401) {
      const src = v.sourceIPs[v.sourceIPs.length - 1] ?? '?';
      const n = burst(`401/${src}/${v.userAgent}`, v.time, o.burst401);
      if (n !== undefined) return [trailFinding(meta.id, `${n} failed authentications (401) from ${src} (${v.userAgent.split(' ')[0] || 'no user agent'}) within ${o.burstWindowMs / 1000}s, last ${whereWhen(v)}`, '/responseStatus/code', true, v)];
    } else if (v.code === 403) {
      const n = burst(`403/${v.actor}`, v.time, o.burst403);
      if (n !== undefined) return [trailFinding(meta.id, `${n} forbidden requests (403) by ${actorOf(v)} within ${o.burstWindowMs / 1000}s, last ${whereWhen(v)}`, '/responseStatus/code', true, v)];
    }
    return [];
  };

  return { observe };
}
