/** Hours between runs of a cron schedule as Velero accepts it (5 fields, @daily-style macros, @every DURATION); undefined when unknown. */
export function cronIntervalHours(schedule: string): number | undefined {
  const s = schedule.trim();
  const macros: Readonly<Record<string, number>> = { '@hourly': 1, '@daily': 24, '@midnight': 24, '@weekly': 168, '@monthly': 744, '@yearly': 8784, '@annually': 8784 };
  if (macros[s] !== undefined) return macros[s];
  const every = /^@every\s+(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (every) return Number(every[1] ?? 0) + Number(every[2] ?? 0) / 60 + Number(every[3] ?? 0) / 3600 || undefined;
  const f = s.split(/\s+/);
  if (f.length !== 5) return undefined;
  const [min = '', hour = '', dom = '', month = '', dow = ''] = f;
  const step = (field: string): number | undefined => {
    const m = /^\*\/(\d+)$/.exec(field);
    return m ? Number(m[1]) : undefined;
  };
  if (month !== '*') return 8784;
  if (dom !== '*') return 744;
  if (dow !== '*') return 168 / Math.max(1, dow.split(',').length);
  if (hour === '*') return step(min) !== undefined ? (step(min) ?? 60) / 60 : 1;
  const hs = step(hour);
  if (hs !== undefined) return hs;
  return 24 / Math.max(1, hour.split(',').length);
}
