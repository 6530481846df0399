/** Parses a Go duration ("4h0m0s", "15m", "90s", "1.5h") into seconds; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  // (?<!\d): a match never starts inside a run of digits, which made a long run quadratic.
  const re = /(?<!\d)(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index !== consumed) return undefined;
    total += Number(m[1]) * (unit[m[2] as string] ?? 0);
    consumed = m.index + m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}

export function describeSeconds(seconds: number): string {
  if (seconds >= 86400 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 3600 && seconds % 60 === 0) return seconds % 3600 === 0 ? `${seconds / 3600}h` : `${Math.floor(seconds / 3600)}h${(seconds % 3600) / 60}m`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
