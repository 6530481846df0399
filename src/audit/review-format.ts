import type { QuarantineEntry, ReviewCategory, ReviewReport, ReviewRow } from './review.js';
import { CATEGORY_TITLES, REVIEW_CATEGORIES } from './review.js';
import { csvCell, markupEscape as esc } from '../core/escape.js';
import type { BreakGlassUse } from '../access/break-glass-review.js';

/** The review with the break-glass grants of the access broker and what each identity did in its window. */
export type ReviewWithBreakGlass = ReviewReport & { readonly breakGlassUses?: readonly BreakGlassUse[] };

function useHeadline(u: BreakGlassUse): string {
  const reviewed = u.reviews.length > 0 ? `reviewed by ${u.reviews.map((r) => `${r.by} at ${r.at}`).join(', ')}` : 'NOT REVIEWED (HK-AL-006)';
  return `${u.id}: ${u.user} had ${u.role} in ${u.namespace} from ${u.from} to ${u.to} (${u.status}); reason: ${u.reason || '-'}; ${reviewed}; ${u.activity.length} request(s) in the window`;
}

function activityText(a: BreakGlassUse['activity'][number]): string {
  return `${a.time}  ${a.verb} ${a.resource}${a.name ? ` ${a.name}` : ''}${a.namespace ? ` in ${a.namespace}` : ''}${a.code !== undefined ? ` -> ${a.code}` : ''} (auditID ${a.auditID}, entry ${a.entry})`;
}

/** Renders an access review as text, JSON, HTML or CSV. */
export type ReviewFormat = 'text' | 'json' | 'html' | 'csv';

const COLUMNS: readonly (keyof ReviewRow)[] = ['category', 'time', 'actor', 'via', 'verb', 'namespace', 'resource', 'name', 'code', 'auditID', 'entry', 'command'];

const QUARANTINE_COLUMNS: readonly (keyof QuarantineEntry)[] = ['id', 'receivedAt', 'source', 'reason', 'auditID', 'stage', 'conflictsWith'];

function quarantineText(q: QuarantineEntry): string {
  return `#${q.id} ${q.receivedAt} from ${q.source}: ${q.reason}${q.auditID !== undefined ? ` (auditID ${q.auditID}, stage ${q.stage || '-'})` : ''}`;
}

/** Review and detect share one default period, the whole trail; the output always says which period it covers. */
export function periodNote(r: Pick<ReviewReport, 'wholeTrail'>): string {
  return r.wholeTrail ? 'period: the whole trail (no --since or --until given)' : 'period: as given by --since/--until';
}

function countsLine(c: Partial<Record<ReviewCategory, number>>): string {
  return REVIEW_CATEGORIES.filter((k) => c[k]).map((k) => `${k} ${c[k]}`).join(', ');
}

export function formatReview(r: ReviewWithBreakGlass, format: ReviewFormat): string {
  const uses = r.breakGlassUses ?? [];
  if (format === 'json') return JSON.stringify({ schemaVersion: '1.0.0', kind: 'phiguard.dev/access-review', ...r }, null, 2) + '\n';
  if (format === 'csv') {
    // Quarantine rows follow the review rows, under category "quarantine": time is when received, entry the logged version.
    const quarantined = r.quarantine.map((q) => COLUMNS.map((c) => csvCell(
      c === 'category' ? 'quarantine' : c === 'time' ? q.receivedAt : c === 'auditID' ? q.auditID : c === 'entry' ? q.conflictsWith : c === 'name' ? q.source : c === 'resource' ? q.reason : undefined)).join(','));
    // Then one row per request made during a break-glass window, under category "break-glass-grant" (via = the grant id).
    const glass = uses.flatMap((u) => u.activity.map((a) => COLUMNS.map((c) => csvCell(
      c === 'category' ? 'break-glass-grant' : c === 'actor' ? u.user : c === 'via' ? u.id : c === 'entry' ? a.entry : c === 'command' ? undefined : a[c as keyof typeof a])).join(',')));
    return [COLUMNS.join(','), ...r.rows.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(',')), ...quarantined, ...glass].join('\n') + '\n';
  }
  if (format === 'html') {
    const section = (c: ReviewCategory): string => {
      const rows = r.rows.filter((x) => x.category === c);
      return `<h2>${esc(CATEGORY_TITLES[c])} (${rows.length})</h2>` + (rows.length === 0 ? '<p>None.</p>' :
        `<table><tr>${COLUMNS.slice(1).map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((row) =>
          `<tr>${COLUMNS.slice(1).map((h) => `<td>${esc(row[h])}</td>`).join('')}</tr>`).join('')}</table>`);
    };
    const agg = (title: string, items: readonly { readonly total: number; readonly counts: Partial<Record<ReviewCategory, number>> }[], name: (i: never) => string): string =>
      `<h2>${esc(title)}</h2><table><tr><th>who</th><th>total</th><th>by category</th></tr>${items.map((i) =>
        `<tr><td>${esc(name(i as never))}</td><td>${i.total}</td><td>${esc(countsLine(i.counts))}</td></tr>`).join('')}</table>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>phiguard access review</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;text-align:left}</style></head><body>
<h1>Access review ${esc(r.since)} – ${esc(r.until)}</h1><p>${esc(periodNote(r))}</p><p>${r.events} events in the period, ${r.inScope} in PHI scope.</p>
${agg('Per person', r.perPerson, (i: { actor: string }) => i.actor)}
${agg('Per namespace', r.perNamespace, (i: { namespace: string }) => i.namespace)}
${REVIEW_CATEGORIES.map(section).join('\n')}
<h2>Break-glass grants (${uses.length})</h2>${uses.length === 0 ? '<p>None.</p>' : uses.map((u) => `<h3>${esc(useHeadline(u))}</h3>${u.activity.length === 0 ? '' : `<ul>${u.activity.map((a) => `<li>${esc(activityText(a))}</li>`).join('')}</ul>`}`).join('')}
<h2>Quarantine: received, not in the log (${r.quarantine.length})</h2>${r.quarantine.length === 0 ? '<p>None.</p>' : `<table><tr>${QUARANTINE_COLUMNS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${r.quarantine.map((q) =>
  `<tr>${QUARANTINE_COLUMNS.map((h) => `<td>${esc(q[h])}</td>`).join('')}</tr>`).join('')}</table>`}
</body></html>
`;
  }
  const lines: string[] = [`Access review ${r.since} .. ${r.until}: ${r.events} events, ${r.inScope} in PHI scope`, periodNote(r), ''];
  for (const c of REVIEW_CATEGORIES) {
    const rows = r.rows.filter((x) => x.category === c);
    lines.push(`${CATEGORY_TITLES[c]}: ${rows.length}`);
    for (const row of rows.slice(0, 200)) {
      lines.push(`  ${row.time}  ${row.actor}${row.via ? ` (via ${row.via})` : ''}  ${row.verb} ${row.resource}${row.name ? ` ${row.name}` : ''}${row.namespace ? ` in ${row.namespace}` : ''}${row.code !== undefined ? ` -> ${row.code}` : ''}${row.command ? ` [${row.command}]` : ''}`);
    }
    if (rows.length > 200) lines.push(`  ... ${rows.length - 200} more (use --format json or csv for all)`);
  }
  lines.push(`Break-glass grants (from the access records): ${uses.length}`);
  for (const u of uses) {
    lines.push(`  ${useHeadline(u)}`);
    for (const a of u.activity.slice(0, 200)) lines.push(`    ${activityText(a)}`);
    if (u.activity.length > 200) lines.push(`    ... ${u.activity.length - 200} more (use --format json or csv for all)`);
  }
  lines.push(`Quarantine (received, not in the log): ${r.quarantine.length}`);
  for (const q of r.quarantine.slice(0, 200)) lines.push(`  ${quarantineText(q)}`);
  if (r.quarantine.length > 200) lines.push(`  ... ${r.quarantine.length - 200} more (use --format json or csv for all)`);
  lines.push('', 'Per person:');
  for (const p of r.perPerson) lines.push(`  ${p.actor}: ${p.total} (${countsLine(p.counts)})`);
  lines.push('', 'Per namespace:');
  for (const n of r.perNamespace) lines.push(`  ${n.namespace}: ${n.total} (${countsLine(n.counts)})`);
  return lines.join('\n') + '\n';
}
