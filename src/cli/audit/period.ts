import { UsageError } from '../command.js';
import type { Opts } from './args.js';
import { str } from './args.js';

export const PERIOD_OPTIONS = {
  since: { type: 'string', value: 'T', help: 'from T: RFC 3339 (2026-09-01T00:00:00Z) or a duration back from now (24h, 7d)' },
  until: { type: 'string', value: 'T', help: 'until T (same forms); default: the whole trail' },
} as const;

function parseTime(text: string | undefined, now: number, def: number): number {
  if (text === undefined) return def;
  const rel = /^(\d+)([smhd])$/.exec(text);
  if (rel) return now - Number(rel[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`"${text}" is not an RFC 3339 time or a duration like 24h`);
  return t;
}

/** The period review and detect read: the same default for both (the whole trail), always said in the output. */
export interface Period {
  readonly since: number;
  readonly until: number;
  readonly whole: boolean;
}

export function periodFrom(v: Opts, now: number): Period {
  const until = parseTime(str(v, 'until'), now, Infinity);
  const since = parseTime(str(v, 'since'), now, -Infinity);
  if (since >= until) throw new UsageError('--since must be before --until');
  return { since, until, whole: since === -Infinity && until === Infinity };
}

export function periodText(p: Period, first: number, last: number): string {
  const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString() : '?');
  if (p.whole) return `period: the whole trail (${iso(first)} .. ${iso(last)}); narrow it with --since/--until`;
  return `period: ${Number.isFinite(p.since) ? iso(p.since) : 'start of the trail'} .. ${Number.isFinite(p.until) ? iso(p.until) : 'end of the trail'}`;
}

/** An event without a usable time is only in the whole-trail period. */
export function inPeriod(p: Period, time: number): boolean {
  return Number.isNaN(time) ? p.whole : time >= p.since && time < p.until;
}
