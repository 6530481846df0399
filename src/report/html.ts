import { renderSvg } from '../analysis/exposure/flow-render.js';
import { CATEGORY_TITLES, REVIEW_CATEGORIES } from '../audit/review.js';
import { controlById, CONTROLS, SAFEGUARD_ORDER, SAFEGUARD_TITLES, safeguardOf } from '../catalog/index.js';
import type { Safeguard } from '../catalog/index.js';
import { catalogVersion } from '../catalog/version.js';
import type { ControlStatus, Finding } from '../core/finding.js';
import { CONTROL_STATUSES, partsOf } from '../core/finding.js';
import { describeRef } from '../core/resource.js';
import type { Severity } from '../catalog/severity.js';
import { SEVERITIES } from '../catalog/severity.js';
import { findingFingerprint } from './fingerprint.js';
import type { EvidenceIndex } from './evidence.js';
import { evidenceKey } from './evidence.js';
import type { AuditSummary, Formatter, ReportContext } from './report.js';
import { markOf, trendLine } from './trend.js';

const SEVERITY_FILL: Readonly<Record<Severity, string>> = { critical: '#7f1d1d', high: '#dc2626', medium: '#f59e0b', low: '#0ea5e9', info: '#9ca3af' };
const STATUS_CLASS: Readonly<Record<ControlStatus, string>> = { pass: 'ok', fail: 'bad', waived: 'warn', 'not-applicable': 'na', 'not-evaluated': 'na', manual: 'man' };
const DAY = 86_400_000;
/** Rows per findings table: the browser lays out only the tables scrolled into view (content-visibility), so 10k findings open fast. */
const CHUNK = 200;
const AUDIT_ROWS = 25;
/** Addressable implementation specifications of 164.312 (the rest of (a) to (e) are required). */
const ADDRESSABLE = ['164.312(a)(2)(iii)', '164.312(a)(2)(iv)', '164.312(c)(2)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'];

function h(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function where(f: Finding): string {
  return f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.api ? f.api.path : 'cluster';
}

function evidenceHtml(f: Finding, index: EvidenceIndex | undefined): string {
  if (!index || !f.location) return '';
  const e = index.get(evidenceKey(f.location.file, f.location.line));
  if (!e) return '';
  const numbers = e.lines.map((_l, i) => e.first + i).join('\n');
  const text = e.lines.map((l, i) => (i === e.focus ? `<mark>${h(l)}</mark>` : h(l))).join('\n');
  // Two columns, numbers and text, so each snippet is three elements however many lines it has.
  return `<pre class="ev"><span class="ln">${numbers}</span><code>${text}${e.more > 0 ? `\n<i>… ${e.more} more line${e.more === 1 ? '' : 's'}</i>` : ''}</code></pre>`;
}

function findingsTables(rows: readonly string[]): string {
  const cols = '<colgroup><col class="c-sev"><col class="c-ctl"><col class="c-loc"><col><col class="c-rem"></colgroup>';
  const head = '<thead><tr><th data-key="severity">Severity</th><th data-key="control">Control</th><th data-key="where">Resource and location</th><th>Finding and evidence</th><th>Remediation</th></tr></thead>';
  const out: string[] = [];
  for (let i = 0; i < Math.max(rows.length, 1); i += CHUNK) {
    out.push(`<div class="chunk${i === 0 ? ' first' : ''}"><table class="ft">${cols}${i === 0 ? head : ''}<tbody>\n${rows.slice(i, i + CHUNK).join('\n')}\n</tbody></table></div>`);
  }
  return out.join('\n');
}

function inputsSection(ctx: ReportContext | undefined): string {
  if (!ctx?.inputs) return '';
  const rows = ctx.inputs.map((i) => `<tr><td><code>${h(i.file)}</code></td><td class="num">${i.bytes.toLocaleString('en-US')}</td><td><code class="hash">${h(i.sha256)}</code></td></tr>`).join('');
  return `<section id="inputs"><h2>Scanned inputs (${ctx.inputs.length})</h2><p class="reason">SHA-256 of each file as read: recompute it (<code>sha256sum FILE</code>) to show this report was made from these bytes.</p>` +
    `<table><thead><tr><th>File</th><th class="num">Bytes</th><th>SHA-256</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function mapSection(ctx: ReportContext | undefined): string {
  if (!ctx?.flowMap) return '';
  const m = ctx.flowMap;
  const plain = m.edges.filter((e) => e.encryption === 'plaintext' && e.policy !== 'denied').length;
  return `<section id="flow-map"><h2>PHI flow map</h2><p class="reason">Internet → entry points → Services → workloads → data tier, as <code>phiguard map</code> draws it: ${m.nodes.length} nodes, ${m.edges.length} flows, ${plain} of them plaintext and allowed. Hover an edge for why.</p>` +
    // Narrower columns than `phiguard map`, scaled to the page: the data tier must show without scrolling sideways.
    `<div class="map">${renderSvg(m, { columnWidth: 270, boxWidth: 200 }).replace(/^<svg ([^>]*?)width="(\d+)" height="\d+"/, '<svg $1width="100%" style="max-width:$2px"')}</div></section>`;
}

function auditSection(a: AuditSummary | undefined): string {
  if (!a) return '';
  const r = a.review;
  const counts = REVIEW_CATEGORIES.map((c) => `<tr><td>${h(CATEGORY_TITLES[c])}</td><td class="num" data-category="${c}">${r.counts[c]}</td></tr>`).join('');
  const people = r.perPerson.slice(0, 10).map((p) => `<tr><td>${h(p.actor)}</td><td class="num">${p.total}</td><td>${h(REVIEW_CATEGORIES.filter((c) => p.counts[c]).map((c) => `${c} ${p.counts[c] ?? 0}`).join(', '))}</td></tr>`).join('');
  const d = a.detections;
  const rank = (f: Finding): number => SEVERITIES.indexOf(f.severity);
  const found = [...d.findings].sort((x, y) => rank(x) - rank(y) || x.control.localeCompare(y.control));
  const byControl = [...new Set(found.map((f) => f.control))].map((id) => {
    const list = found.filter((f) => f.control === id);
    return `<tr><td><code>${h(id)}</code> ${h(controlById(id)?.title ?? list[0]?.title ?? '')}</td><td><span class="sev sev-${list[0]?.severity ?? 'info'}">${list[0]?.severity ?? ''}</span></td><td class="num">${list.length}</td></tr>`;
  }).join('');
  const statusLine = CONTROL_STATUSES.map((s) => [s, d.controls.filter((c) => c.status === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
  const top = found.slice(0, AUDIT_ROWS).map((f) => `<tr><td><span class="sev sev-${f.severity}">${f.severity}</span></td><td><code>${h(f.control)}</code></td><td>${h(f.message)}${f.resource ? ` <span class="cite">${h(describeRef(f.resource))}</span>` : ''}</td></tr>`).join('');
  return `<section id="audit"><h2>Audit trail: access review and detections</h2><p class="reason">From the audit store ${h(a.store)} (${a.entries.toLocaleString('en-US')} entries), for 164.308(a)(1)(ii)(D) information system activity review and 164.312(b) audit controls. Full detail: <code>phiguard audit review</code> and <code>phiguard audit detect</code>.</p>` +
    `<h3>Access review ${h(r.since)} to ${h(r.until)}</h3><p id="review-summary">${r.events.toLocaleString('en-US')} events in the period, ${r.inScope.toLocaleString('en-US')} in PHI scope.</p>` +
    `<div class="two"><table><thead><tr><th>Category</th><th class="num">Events</th></tr></thead><tbody>${counts}</tbody></table>` +
    `<table><thead><tr><th>Person (top 10)</th><th class="num">Events</th><th>By category</th></tr></thead><tbody>${people || '<tr><td colspan="3">No reviewable activity in PHI scope.</td></tr>'}</tbody></table></div>` +
    `<h3>Detections (${d.findings.length})</h3><p>HK-AL controls over the whole trail: ${h(statusLine || 'none evaluated')}.</p>` +
    (found.length === 0 ? '<p>No detection.</p>' : `<table id="detections"><thead><tr><th>Control</th><th>Severity</th><th class="num">Findings</th></tr></thead><tbody>${byControl}</tbody></table>` +
      `<details><summary>The ${Math.min(AUDIT_ROWS, found.length)} most severe detections</summary><table><tbody>${top}</tbody></table></details>`) + '</section>';
}

function summaryExtras(ctx: ReportContext | undefined): string {
  const parts: string[] = [];
  if (ctx?.inputs) parts.push(`<b>Inputs</b><span>${ctx.inputs.length} file${ctx.inputs.length === 1 ? '' : 's'}, ${ctx.inputs.reduce((n, i) => n + i.bytes, 0).toLocaleString('en-US')} bytes, each with its SHA-256 under <a href="#inputs">Scanned inputs</a></span>`);
  if (ctx?.standingHumanAccess) {
    const s = ctx.standingHumanAccess;
    const who = s.subjects.length > 0 ? `: ${s.subjects.slice(0, 5).map(h).join(', ')}${s.subjects.length > 5 ? `, and ${s.subjects.length - 5} more` : ''}` : '';
    parts.push(`<b>Standing human access</b><span id="standing-human-access">${s.count} to PHI Secrets/exec (users and groups outside just-in-time grants; the number to drive to zero)${who}</span>`);
  }
  if (ctx?.audit) {
    const r = ctx.audit.review;
    parts.push(`<b>Audit trail</b><span>${r.inScope.toLocaleString('en-US')} events in PHI scope in the week reviewed, ${ctx.audit.detections.findings.length} detections: <a href="#audit">Audit trail</a></span>`);
  }
  return parts.join('');
}

/** Remediation text marks commands and fields with backticks; show them as code. */
function codeSpans(text: string): string {
  return h(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Links to each section, so the audit trail and inputs are one click away past thousands of findings. */
function contents(ctx: ReportContext | undefined, fixed: boolean, errors: boolean): string {
  const items: [string, string, boolean][] = [
    ['safeguards', 'Safeguards', true], ['chart', 'Chart', true], ['flow-map', 'PHI flow map', ctx?.flowMap !== undefined], ['findings-section', 'Findings', true],
    ['remediation', 'Remediation', true], ['fixed', 'Fixed', fixed], ['waivers', 'Waivers', true], ['audit', 'Audit trail', ctx?.audit !== undefined],
    ['inputs', 'Scanned inputs', ctx?.inputs !== undefined], ['errors', 'Input errors', errors],
  ];
  return `<nav id="toc">${items.filter(([, , on]) => on).map(([id, title]) => `<a href="#${id}">${title}</a>`).join(' · ')}</nav>`;
}

function board(controls: readonly { id: string; status: ControlStatus; reason?: string }[]): string {
  const rows: string[] = [];
  const summary: string[] = [];
  for (const g of SAFEGUARD_ORDER) {
    const list = controls.filter((c) => { const k = controlById(c.id); return k !== undefined && safeguardOf(k) === g; });
    if (list.length === 0) continue;
    const counts = CONTROL_STATUSES.map((s) => list.filter((c) => c.status === s).length);
    summary.push(`<tr class="safeguard" data-safeguard="${g}"><th scope="row">${h(SAFEGUARD_TITLES[g])}</th>${counts.map((n, i) => `<td class="n ${n > 0 ? STATUS_CLASS[CONTROL_STATUSES[i] as ControlStatus] : ''}" data-status="${CONTROL_STATUSES[i] ?? ''}">${n}</td>`).join('')}</tr>`);
    rows.push(`<tr class="group" data-g="${g}"><th colspan="${CONTROL_STATUSES.length + 1}">${h(SAFEGUARD_TITLES[g])}</th></tr>`);
    for (const c of list) {
      const k = controlById(c.id);
      rows.push(`<tr class="control"><td><code>${h(c.id)}</code> ${h(k?.title ?? '')} <span class="cite">${h((k?.hipaa ?? []).join(', '))}</span>${c.reason ? `<br><span class="reason">${h(c.reason)}</span>` : ''}</td>` +
        CONTROL_STATUSES.map((s) => `<td class="n">${c.status === s ? `<span class="pill ${STATUS_CLASS[s]}">${h(s)}</span>` : ''}</td>`).join('') + '</tr>');
    }
  }
  const total = CONTROL_STATUSES.map((s) => controls.filter((c) => c.status === s).length);
  const head = `<thead><tr><th>Safeguard</th>${CONTROL_STATUSES.map((s) => `<th>${h(s)}</th>`).join('')}</tr></thead>`;
  return `<table class="board" id="board">${head}<tbody>${summary.join('')}</tbody>` +
    `<tfoot><tr><th>All ${controls.length} controls</th>${total.map((n, i) => `<td class="n" data-total="${CONTROL_STATUSES[i] ?? ''}">${n}</td>`).join('')}</tr></tfoot></table>` +
    `<details id="per-control"><summary>Every control and its status (${controls.length})</summary><table>${head.replace('Safeguard', 'Control')}<tbody>${rows.join('')}</tbody></table></details>`;
}

/** Horizontal stacked bars, one per safeguard, segments by severity; plain SVG so it renders with scripts off. */
function chart(findings: readonly Finding[]): string {
  const counts = new Map<Safeguard, Record<Severity, number>>();
  for (const g of SAFEGUARD_ORDER) counts.set(g, { critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  for (const f of findings) {
    const k = controlById(f.control);
    const row = counts.get(k ? safeguardOf(k) : 'administrative');
    if (row) row[f.severity]++;
  }
  const max = Math.max(1, ...[...counts.values()].map((r) => SEVERITIES.reduce((n, s) => n + r[s], 0)));
  const labelW = 420, barW = 420, rowH = 26, top = 30;
  const parts: string[] = [];
  SEVERITIES.forEach((s, i) => parts.push(`<rect x="${labelW + i * 84}" y="4" width="12" height="12" fill="${SEVERITY_FILL[s]}"/><text x="${labelW + i * 84 + 16}" y="14">${s}</text>`));
  SAFEGUARD_ORDER.forEach((g, i) => {
    const row = counts.get(g);
    if (!row) return;
    const y = top + i * rowH;
    parts.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${h(SAFEGUARD_TITLES[g])}</text>`);
    let x = labelW;
    let total = 0;
    for (const s of SEVERITIES) {
      const w = (row[s] / max) * barW;
      if (row[s] > 0) parts.push(`<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${SEVERITY_FILL[s]}"><title>${h(`${SAFEGUARD_TITLES[g]}: ${row[s]} ${s}`)}</title></rect>`);
      x += w;
      total += row[s];
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 15}">${total}</text>`);
  });
  const height = top + SAFEGUARD_ORDER.length * rowH + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Findings by safeguard and severity" viewBox="0 0 ${labelW + barW + 60} ${height}" width="100%" style="max-width:${labelW + barW + 60}px" font-family="system-ui,sans-serif" font-size="12">${parts.join('')}</svg>`;
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;margin:0;background:#f9fafb}
header{background:#1e3a5f;color:#fff;padding:16px 28px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;opacity:.9}
main{padding:8px 28px 40px;max-width:1400px}section{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:12px 18px;margin:16px 0}
h2{font-size:17px;margin:4px 0 10px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e7eb;padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:#f3f4f6}.ft{table-layout:fixed}col.c-sev{width:108px}col.c-ctl{width:170px}col.c-loc{width:250px}col.c-rem{width:200px}.ft td{overflow-wrap:anywhere}
.chunk{content-visibility:auto;contain-intrinsic-size:auto 24000px}.chunk.first{content-visibility:visible}.num{text-align:right}
pre.ev{display:grid;grid-template-columns:max-content minmax(0,1fr);column-gap:10px;background:#f8fafc;border:1px solid #e5e7eb;border-radius:4px;padding:4px 6px;margin:6px 0 0;font-size:12px;line-height:1.35;white-space:pre;overflow-x:auto}
pre.ev .ln{color:#9ca3af;text-align:right;user-select:none}pre.ev code{font-size:12px}pre.ev mark{background:#fef3c7;color:inherit}pre.ev i{color:#6b7280}
.map{max-height:680px;overflow:auto;border:1px solid #e5e7eb;border-radius:4px;content-visibility:auto;contain-intrinsic-size:auto 680px}.hash{word-break:break-all}
.two{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:16px;align-items:start}h3{font-size:15px;margin:14px 0 6px}#toc{margin:14px 0 0;font-size:13px}#toc a{color:#1e3a5f}td.n{text-align:center;width:92px}tr.safeguard th,tr.safeguard td{background:#eef2f7;font-weight:600}
tr.control td:first-child{padding-left:22px}tr.group th{background:#eef2f7}details summary{cursor:pointer;margin:10px 0;color:#1e3a5f;font-weight:600}tfoot th,tfoot td{font-weight:700;border-top:2px solid #9ca3af}.cite{color:#4b5563;font-size:12px}.reason{color:#6b7280;font-size:12px}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px}.ok{background:#dcfce7;color:#166534}.bad{background:#fee2e2;color:#991b1b}
.warn{background:#fef3c7;color:#92400e}.na{background:#f3f4f6;color:#4b5563}.man{background:#e0e7ff;color:#3730a3}
.sev{font-weight:600;text-transform:uppercase;font-size:12px}.sev-critical{color:#7f1d1d}.sev-high{color:#dc2626}.sev-medium{color:#b45309}.sev-low{color:#0369a1}.sev-info{color:#6b7280}
dd{margin:0 0 10px 22px}dt{font-weight:600}.new{background:#fde68a;border-radius:4px;padding:0 4px;font-size:11px;font-weight:700}code{font-size:12px}.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}
#controls{display:none;gap:10px;margin-bottom:8px;align-items:center}.js #controls{display:flex}th.sortable{cursor:pointer}th.sortable::after{content:" ↕";color:#9ca3af}
details.related summary{margin:4px 0;font-size:12px;font-weight:400}details.related ul{margin:2px 0;padding-left:18px;font-size:12px}
@media print{#controls{display:none!important}details>*{display:block}.chunk{content-visibility:visible}.map{max-height:none;overflow:visible}}`;

const SCRIPT = `document.documentElement.classList.add('js');
(function(){var root=document.getElementById('findings');if(!root)return;var chunks=root.getElementsByClassName('chunk'),q=document.getElementById('q'),s=document.getElementById('sev'),c=document.getElementById('count'),items=[];
for(var i=0;i<chunks.length;i++){var rs=chunks[i].getElementsByTagName('tbody')[0].rows;for(var j=0;j<rs.length;j++)items.push({r:rs[j],t:null});}
function apply(){var v=q.value.toLowerCase(),w=s.value,n=0;for(var i=0;i<items.length;i++){var x=items[i],r=x.r;if(v&&x.t===null)x.t=r.textContent.toLowerCase();var ok=(!w||r.dataset.severity===w)&&(!v||x.t.indexOf(v)>=0);if(r.hidden===ok)r.hidden=!ok;if(ok)n++;}
for(var k=1;k<chunks.length;k++){var b=chunks[k].getElementsByTagName('tbody')[0].rows,any=false;for(var j=0;j<b.length&&!any;j++)any=!b[j].hidden;if(chunks[k].hidden===any)chunks[k].hidden=!any;}
c.textContent=n+' of '+items.length+' findings shown';}
q.addEventListener('input',apply);s.addEventListener('change',apply);
var hs=root.getElementsByTagName('thead')[0].rows[0].cells;for(var i=0;i<hs.length;i++)(function(k){var h=hs[k];if(!h.dataset.key)return;h.classList.add('sortable');h.tabIndex=0;function sort(){var d=h.dataset.dir==='asc'?'desc':'asc';h.dataset.dir=d;
var key=function(x){var cell=x.r.cells[k];return cell.dataset.v||cell.textContent;};items.sort(function(x,y){var a=key(x),z=key(y);return (a<z?-1:a>z?1:0)*(d==='asc'?1:-1);});
for(var n=0;n<items.length;n++)chunks[Math.floor(n/${CHUNK})].getElementsByTagName('tbody')[0].appendChild(items[n].r);apply();}
h.addEventListener('click',sort);h.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});})(i);apply();})();`;

/** Findings folded into this one (same root cause), listed under it; a details element works with scripts off. */
function related(f: Finding): string {
  if (!f.related || f.related.length === 0) return '';
  const items = f.related.map((r) => `<li><code>${h(r.control)}</code> <span class="sev sev-${r.severity}">${r.severity}</span> ${r.resource ? h(describeRef(r.resource)) : 'cluster'} <code>${h(r.location ? `${r.location.file}:${r.location.line}` : '')}</code><br>${h(r.message)}</li>`).join('');
  return `<details class="related"><summary>Same cause: ${f.related.length} more</summary><ul>${items}</ul></details>`;
}

/** One self-contained HTML evidence report: no external resource, readable with scripts off, printable. */
export const formatHtml: Formatter = ({ tool, result, trend, context }, { now }) => {
  const clock = now ?? new Date(0).toISOString();
  const s = result.summary;
  const rank = (f: Finding): number => SEVERITIES.indexOf(f.severity);
  const findings = [...result.findings].sort((a, b) => rank(a) - rank(b) || a.control.localeCompare(b.control) || where(a).localeCompare(where(b)));
  const evidence = context?.evidence;
  const rows = findings.map((f) => {
    const k = controlById(f.control);
    const mark = markOf(trend, f) === 'new' ? ' <span class="new">NEW</span>' : '';
    return `<tr data-severity="${f.severity}" data-fingerprint="${findingFingerprint(f)}"><td data-v="${rank(f)}"><span class="sev sev-${f.severity}">${f.severity}</span>${mark}</td>` +
      `<td><code>${h(f.control)}</code><br><span class="cite">${h(k ? SAFEGUARD_TITLES[safeguardOf(k)] : '')}<br>${h(f.hipaa.join(', '))}</span></td>` +
      `<td>${f.resource ? h(describeRef(f.resource)) : 'cluster'}<br><code>${h(where(f))}</code><br><code class="cite">${h(f.path)}</code></td>` +
      `<td>${h(f.message)}${related(f)}${evidenceHtml(f, evidence)}</td><td>${f.fix ? `<b>Fix:</b> ${h(f.fix.description)}<br>` : ''}<a href="#rem-${h(f.control)}">Remediation for ${h(f.control)}</a></td></tr>`;
  });
  const soon = Date.parse(clock) + 30 * DAY;
  // A waiver on an addressable specification is its documented alternative (164.306(d)(3)); say so next to it.
  const k = (id: string): string => ((controlById(id)?.hipaa ?? []).some((c) => ADDRESSABLE.some((a) => c.startsWith(a)))
    ? '<br><span class="reason">Addressable specification: this record is the documented alternative measure (164.306(d)(3)(ii)(B)).</span>' : '');
  const waiverRow = (w: (typeof result.waived)[number]): string => `<tr><td><code>${h(w.control)}</code></td><td>${w.resource ? h(describeRef(w.resource)) : 'cluster'}</td><td>${h(w.waiver.reason)}${k(w.control)}</td><td>${h(w.waiver.compensatingControl ?? 'none recorded')}</td><td>${h(w.waiver.approver ?? 'none recorded')}</td><td>${h(w.waiver.ticket ?? '—')}</td><td>${h(w.waiver.expires ?? 'no expiry')}</td><td>${h(w.waiver.source)}</td></tr>`;
  const expiring = result.waived.filter((w) => w.waiver.expires !== undefined && Date.parse(w.waiver.expires) <= soon);
  const waiverTable = (list: typeof result.waived): string => `<table><thead><tr><th>Control</th><th>Resource</th><th>Justification</th><th>Compensating control</th><th>Approver</th><th>Ticket</th><th>Expires</th><th>Source</th></tr></thead><tbody>${list.map(waiverRow).join('')}</tbody></table>`;
  const scope = result.scope.undeclared ? 'none declared: every object is treated as PHI' : result.scope.namespaces.filter((n) => n.level !== 'none').map((n) => `${n.name} (${n.level})`).join(', ') || 'no PHI namespace in this input';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>HIPAA Security Rule evidence report — ${h(tool.name)} ${h(tool.version)}</title><style>${STYLE}</style></head>
<body><header><h1>HIPAA Security Rule evidence report</h1><p>${h(tool.name)} ${h(tool.version)} · catalog of ${CONTROLS.length} controls (sha256 ${catalogVersion().sha256.slice(0, 12)}) · evaluated at ${h(clock)}</p></header><main>
${contents(context, trend !== undefined && trend.fixed.length > 0, result.errors.length > 0)}
<section id="summary"><h2>Summary</h2><div class="kv"><b>Resources scanned</b><span>${s.resources}</span><b>Open findings</b><span id="total-findings">${s.findings}</span>
<b>By severity</b><span>${SEVERITIES.map((x) => `${s.bySeverity[x]} ${x}`).join(', ')}</span><b>Waived findings</b><span>${result.waived.length}</span>
<b>PHI scope</b><span>${h(scope)}</span>${result.scope.defaultNamespace ? `<b>No namespace given</b><span>${result.scope.defaultNamespace.resources} resource(s), judged in namespace ${h(result.scope.defaultNamespace.name)}</span>` : ''}<b>Input errors</b><span>${s.errors}</span>${summaryExtras(context)}${trend ? `<b>Trend</b><span id="trend">${h(trendLine(trend))}</span>` : ''}</div></section>
<section id="safeguards"><h2>Status of every safeguard</h2><p class="reason">Counts are controls per status. Not evaluated: the input holds nothing the control can judge (e.g. no cluster dump). Manual: a person must attest it.</p>${board(result.controls)}</section>
<section id="chart"><h2>Findings by safeguard and severity</h2>${chart(result.findings)}</section>
${mapSection(context)}
<section id="findings-section"><h2>Findings (${findings.length})</h2><div id="controls"><label>Search <input id="q" type="search" placeholder="control, resource, text"></label>
<label>Severity <select id="sev"><option value="">all</option>${SEVERITIES.map((x) => `<option>${x}</option>`).join('')}</select></label><span id="count"></span></div>
<div id="findings">${findingsTables(rows)}</div></section>
<section id="remediation"><h2>Remediation by control</h2><p class="reason">Each finding links here: the remediation is the same for every finding of a control, so it is written once.</p><dl>${[...new Set(findings.flatMap((f) => partsOf(f).map((p) => p.control)))].sort().map((id) => `<dt id="rem-${h(id)}"><code>${h(id)}</code> ${h(controlById(id)?.title ?? '')}</dt><dd>${codeSpans(findings.find((f) => f.control === id)?.remediation ?? controlById(id)?.remediation ?? '')}</dd>`).join('')}</dl></section>
${trend && trend.fixed.length > 0 ? `<section id="fixed"><h2>Fixed since the baseline (${trend.fixed.length})</h2><table><tbody>${trend.fixed.map((f) => `<tr><td><code>${h(f.control)}</code></td><td>${f.resource ? h(describeRef(f.resource)) : 'cluster'}</td><td>${h(f.message)}</td></tr>`).join('')}</tbody></table></section>` : ''}
<section id="waivers"><h2>Waivers (${result.waived.length} findings waived)</h2>${expiring.length > 0 ? `<h3>Expiring within 30 days (${expiring.length})</h3>${waiverTable(expiring)}<h3>All waived findings</h3>` : ''}${result.waived.length > 0 ? waiverTable(result.waived) : '<p>No finding is waived.</p>'}
${result.waiverIssues.length > 0 ? `<h3>Waiver problems</h3><ul>${result.waiverIssues.map((w) => `<li><code>${h(w.control)}</code> ${h(w.problem)}: ${h(w.detail)} (${h(w.source)})</li>`).join('')}</ul>` : ''}</section>
${auditSection(context?.audit)}
${inputsSection(context)}
${result.errors.length > 0 ? `<section id="errors"><h2>Input errors</h2><ul>${result.errors.map((e) => `<li><code>${h(e.file)}${e.line > 0 ? `:${e.line}` : ''}</code> ${h(e.message)}</li>`).join('')}</ul></section>` : ''}
</main><script>${SCRIPT}</script></body></html>
`;
};
