import type { Finding } from '../core/finding.js';
import { findingFingerprint } from './fingerprint.js';

export type TrendMark = 'new' | 'unchanged';

/** How this scan compares with a baseline report, finding by finding (by SARIF fingerprint). */
export interface Trend {
  readonly baseline: string;
  /** Fingerprint of each current finding to its mark. */
  readonly marks: ReadonlyMap<string, TrendMark>;
  readonly newCount: number;
  readonly unchangedCount: number;
  /** Baseline findings that no longer occur. */
  readonly fixed: readonly Finding[];
}

export function compareWithBaseline(current: readonly Finding[], baseline: readonly Finding[], baselineName: string): Trend {
  const before = new Map(baseline.map((f) => [findingFingerprint(f), f]));
  const now = new Set<string>();
  const marks = new Map<string, TrendMark>();
  let newCount = 0;
  for (const f of current) {
    const fp = findingFingerprint(f);
    now.add(fp);
    const mark: TrendMark = before.has(fp) ? 'unchanged' : 'new';
    if (mark === 'new') newCount++;
    marks.set(fp, mark);
  }
  const fixed = [...before].filter(([fp]) => !now.has(fp)).map(([, f]) => f);
  return { baseline: baselineName, marks, newCount, unchangedCount: current.length - newCount, fixed };
}

export function markOf(trend: Trend | undefined, f: Finding): TrendMark | undefined {
  return trend?.marks.get(findingFingerprint(f));
}

export function trendLine(t: Trend): string {
  return `Since baseline ${t.baseline}: ${t.newCount} new, ${t.unchangedCount} unchanged, ${t.fixed.length} fixed`;
}
