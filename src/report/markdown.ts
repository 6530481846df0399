import { controlById, SAFEGUARD_ORDER, SAFEGUARD_TITLES, safeguardOf } from '../catalog/index.js';
import type { Safeguard } from '../catalog/index.js';
import type { Finding } from '../core/finding.js';
import { CONTROL_STATUSES } from '../core/finding.js';
import { describeRef } from '../core/resource.js';
import { SEVERITIES } from '../catalog/severity.js';
import type { Formatter } from './report.js';
import { markOf, trendLine } from './trend.js';

/** GitHub rejects a comment body over 65,536 characters; keep a margin for the truncation note. */
export const MARKDOWN_LIMIT = 65_000;

/** Escapes what would break a table cell or start markup. */
function md(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>*_`[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function where(f: Finding): string {
  const loc = f.location ? `${f.location.file}:${f.location.line}` : f.api ? f.api.path : 'cluster';
  return f.resource ? `${loc} ${describeRef(f.resource)}` : loc;
}

/** Findings folded into this one (same root cause), said in one clause. */
function sameCause(f: Finding): string {
  if (!f.related || f.related.length === 0) return '';
  const controls = [...new Set(f.related.map((r) => r.control).filter((c) => c !== f.control))];
  const resources = [...new Set(f.related.flatMap((r) => (r.resource ? [describeRef(r.resource)] : [])))];
  return ` (same cause: ${f.related.length} more${controls.length > 0 ? `, also ${controls.join(', ')}` : ''}${resources.length > 0 ? `; ${resources.slice(0, 3).join(', ')}${resources.length > 3 ? ` and ${resources.length - 3} more` : ''}` : ''})`;
}

/** A pull-request comment: summary table by safeguard, then the most severe findings, cut to fit a comment. */
export const formatMarkdown: Formatter = ({ tool, result, trend }) => {
  const s = result.summary;
  const head: string[] = [`## ${tool.name} ${tool.version}: HIPAA Security Rule scan`, ''];
  head.push(`**${s.findings} findings** (${SEVERITIES.map((x) => `${s.bySeverity[x]} ${x}`).join(', ')}) in ${s.resources} resources` +
    `${result.waived.length > 0 ? `; ${result.waived.length} waived` : ''}${s.errors > 0 ? `; ${s.errors} input errors` : ''}.`, '');
  if (trend) head.push(`**${md(trendLine(trend))}.**`, '');
  head.push('| Safeguard | ' + CONTROL_STATUSES.join(' | ') + ' | findings |', '|---|' + CONTROL_STATUSES.map(() => '---:').join('|') + '|---:|');
  const counts = new Map<Safeguard, { status: Record<string, number>; findings: number }>();
  for (const g of SAFEGUARD_ORDER) counts.set(g, { status: Object.fromEntries(CONTROL_STATUSES.map((x) => [x, 0])), findings: 0 });
  for (const c of result.controls) {
    const control = controlById(c.id);
    const row = control ? counts.get(safeguardOf(control)) : undefined;
    if (row) row.status[c.status] = (row.status[c.status] ?? 0) + 1;
  }
  for (const f of result.findings) {
    const control = controlById(f.control);
    const row = control ? counts.get(safeguardOf(control)) : undefined;
    if (row) row.findings++;
  }
  for (const g of SAFEGUARD_ORDER) {
    const row = counts.get(g);
    if (row) head.push(`| ${md(SAFEGUARD_TITLES[g])} | ${CONTROL_STATUSES.map((x) => row.status[x] ?? 0).join(' | ')} | ${row.findings} |`);
  }
  head.push('');
  // With a baseline, new findings come first: they are what the pull request introduced.
  const rank = (f: Finding): number => SEVERITIES.indexOf(f.severity) + (trend && markOf(trend, f) !== 'new' ? SEVERITIES.length : 0);
  const sorted = [...result.findings].sort((a, b) => rank(a) - rank(b) || a.control.localeCompare(b.control) || where(a).localeCompare(where(b)));
  const lines: string[] = [];
  if (sorted.length > 0) lines.push('### Findings, most severe first', '', '| Severity | Control | HIPAA | Where | Finding | Fix |', '|---|---|---|---|---|---|');
  let size = head.join('\n').length + lines.join('\n').length;
  let shown = 0;
  const tail = (n: number): string => `\n_${n} more findings not shown: the comment is cut to fit GitHub's limit. Run \`phiguard scan --format html\` for the full report._\n`;
  for (const f of sorted) {
    const line = `| ${markOf(trend, f) === 'new' ? '🆕 ' : ''}${f.severity} | ${f.control} | ${md(f.hipaa.join(', '))} | ${md(where(f))} | ${md(f.message)}${md(sameCause(f))} | ${md(f.fix?.description ?? f.remediation)} |`;
    if (size + line.length + 1 + tail(sorted.length).length > MARKDOWN_LIMIT) break;
    lines.push(line);
    size += line.length + 1;
    shown++;
  }
  const out = [...head, ...lines].join('\n') + '\n';
  return shown < sorted.length ? out + tail(sorted.length - shown) : out;
};
