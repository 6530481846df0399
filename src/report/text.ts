import { controlById, SAFEGUARD_ORDER, SAFEGUARD_TITLES, safeguardOf } from '../catalog/index.js';
import type { Safeguard } from '../catalog/index.js';
import type { Finding, RelatedFinding } from '../core/finding.js';
import { partsOf } from '../core/finding.js';
import { describeRef } from '../core/resource.js';
import type { Severity } from '../catalog/severity.js';
import { SEVERITIES } from '../catalog/severity.js';
import type { Formatter } from './report.js';
import { markOf, trendLine } from './trend.js';

const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m',
};

function paint(color: boolean, code: string, text: string): string {
  return color ? `${code}${text}\x1b[0m` : text;
}

function where(f: Finding | RelatedFinding): string {
  const loc = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.api ? f.api.path : '(cluster)';
  return f.resource ? `${loc}  ${describeRef(f.resource)}` : loc;
}

const RELATED_SHOWN = 5;
const WORST_SHOWN = 3;

interface ControlRow { readonly id: string; readonly title: string; severity: Severity; count: number; readonly resources: { severity: Severity; name: string }[] }

/** Per control, every finding and folded part: how many, the worst severity, and the resources most at risk. */
function summaryByControl(findings: readonly Finding[]): ControlRow[] {
  const rows = new Map<string, ControlRow>();
  for (const f of findings) {
    for (const p of partsOf(f)) {
      let row = rows.get(p.control);
      if (!row) rows.set(p.control, (row = { id: p.control, title: controlById(p.control)?.title ?? p.control, severity: p.severity, count: 0, resources: [] }));
      row.count++;
      if (SEVERITIES.indexOf(p.severity) < SEVERITIES.indexOf(row.severity)) row.severity = p.severity;
      row.resources.push({ severity: p.severity, name: p.resource ? describeRef(p.resource) : '(cluster)' });
    }
  }
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  return [...rows.values()].sort((a, b) => rank(a.severity) - rank(b.severity) || b.count - a.count || a.id.localeCompare(b.id));
}

function worstResources(row: ControlRow): string {
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  const names = [...new Set([...row.resources].sort((a, b) => rank(a.severity) - rank(b.severity)).map((r) => r.name))];
  return names.slice(0, WORST_SHOWN).join(', ') + (names.length > WORST_SHOWN ? ` and ${names.length - WORST_SHOWN} more` : '');
}

/** A summary by control, then findings grouped by HIPAA safeguard (most severe first, each with its remediation), then errors and a one-line summary. */
export const formatText: Formatter = ({ tool, result, trend }, options) => {
  const color = options.color;
  const out: string[] = [];
  const bold = (s: string): string => paint(color, '\x1b[1m', s);
  const dim = (s: string): string => paint(color, '\x1b[2m', s);
  const scope = result.scope.undeclared
    ? 'PHI scope: none declared, so every object is treated as PHI'
    : `PHI scope: ${result.scope.namespaces.filter((n) => n.level !== 'none').map((n) => `${n.name} (${n.level})`).join(', ') || 'no PHI namespace in this input'}`;
  out.push(bold(`${tool.name} ${tool.version}`) + ` — ${result.summary.resources} resources; ${scope}`);
  const defaulted = result.scope.defaultNamespace;
  if (defaulted) out.push(`${defaulted.resources} namespaced resource(s) name no namespace and are judged in namespace "${defaulted.name}" (set --namespace or defaultNamespace to change it)`);

  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  const controlRows = summaryByControl(result.findings);
  if (controlRows.length > 0) {
    out.push('', bold('Summary by control (most severe first)'));
    for (const row of controlRows) {
      out.push(`  ${paint(color, SEVERITY_COLOR[row.severity], row.severity.toUpperCase().padEnd(8))} ${row.id}  ${String(row.count).padStart(4)}  ${row.title}  ${dim(`— ${worstResources(row)}`)}`);
    }
  }

  // The N most severe findings when --top is given; the summary above still counts every one.
  const shown = options.quiet === true ? [] : options.top !== undefined
    ? [...result.findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.control.localeCompare(b.control)).slice(0, options.top)
    : result.findings;
  const groups = new Map<Safeguard, Finding[]>();
  for (const f of shown) {
    const c = controlById(f.control);
    const g = c ? safeguardOf(c) : 'administrative';
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(f);
  }
  for (const g of SAFEGUARD_ORDER) {
    const list = groups.get(g);
    if (!list) continue;
    out.push('', bold(SAFEGUARD_TITLES[g]));
    list.sort((a, b) => rank(a.severity) - rank(b.severity) || a.control.localeCompare(b.control));
    for (const f of list) {
      const mark = markOf(trend, f) === 'new' ? bold('NEW ') : '';
      out.push(`  ${paint(color, SEVERITY_COLOR[f.severity], f.severity.toUpperCase().padEnd(8))} ${mark}${f.control}  ${f.message}`);
      out.push(`           ${dim(where(f))}`);
      if (f.api) out.push(`           ${dim(`see: ${f.api.kubectl}`)}`);
      out.push(`           ${dim(`${f.title} — ${f.hipaa.join(', ')}`)}`);
      if (f.related && f.related.length > 0) {
        const others = (advisory: boolean): string[] => [...new Set(f.related?.filter((r) => (r.advisory === true) === advisory).map((r) => r.control).filter((c) => c !== f.control))];
        const fails = others(false);
        const hygiene = others(true);
        out.push(`           same cause (${f.related.length} more${fails.length > 0 ? `; also fails ${fails.join(', ')}` : ''}${hygiene.length > 0 ? `; advisory ${hygiene.join(', ')}` : ''}):`);
        const same = (r: RelatedFinding): boolean => r.resource !== undefined && f.resource !== undefined && describeRef(r.resource) === describeRef(f.resource);
        for (const r of f.related.slice(0, RELATED_SHOWN)) out.push(`             ${r.control}  ${same(r) ? '' : `${dim(where(r))}  `}${r.message}`);
        if (f.related.length > RELATED_SHOWN) out.push(`             ${dim(`and ${f.related.length - RELATED_SHOWN} more (all are in --format json, sarif and html)`)}`);
      }
      if (f.fix) out.push(`           fix: ${f.fix.description}`);
      if (f.remediation) out.push(`           remediation: ${f.remediation}`);
    }
  }
  if (shown.length < result.findings.length && options.quiet !== true) {
    out.push('', dim(`${result.findings.length - shown.length} less severe findings not shown (--top ${options.top ?? 0}); the summary by control counts them.`));
  }
  if (trend && trend.fixed.length > 0) {
    out.push('', bold(`Fixed since the baseline (${trend.fixed.length})`));
    for (const f of trend.fixed) out.push(`  ${f.control}  ${where(f)}  ${f.message}`);
  }
  if (result.waived.length > 0) {
    out.push('', bold(`Waived (${result.waived.length})`));
    for (const w of result.waived) {
      out.push(`  ${w.control}  ${where(w)}  — ${w.waiver.reason} (${w.waiver.source})`);
      const record = [w.waiver.compensatingControl ? `compensating control: ${w.waiver.compensatingControl}` : '', w.waiver.approver ? `approved by ${w.waiver.approver}` : '', w.waiver.expires ? `expires ${w.waiver.expires}` : ''].filter((x) => x !== '');
      if (record.length > 0) out.push(`           ${dim(record.join('; '))}`);
    }
  }
  if (result.waiverIssues.length > 0) {
    out.push('', bold('Waiver problems'));
    for (const w of result.waiverIssues) out.push(`  ${w.control}  ${w.problem}: ${w.detail} (${w.source})`);
  }
  if (result.warnings.length > 0) {
    out.push('', bold(`Input warnings (${result.warnings.length})`));
    for (const e of result.warnings) out.push(`  ${e.file}${e.line > 0 ? `:${e.line}:${e.column}` : ''}: ${e.message}`);
  }
  if (result.errors.length > 0) {
    out.push('', bold(`Errors (${result.errors.length})`));
    for (const e of result.errors) out.push(`  ${e.file}${e.line > 0 ? `:${e.line}:${e.column}` : ''}: ${e.message}`);
  }
  const s = result.summary;
  const sev = SEVERITIES.filter((x) => s.bySeverity[x] > 0).map((x) => `${s.bySeverity[x]} ${x}`).join(', ') || 'no findings';
  out.push('', `${s.findings} findings (${sev}); controls: ${s.byStatus.fail} fail, ${s.byStatus.pass} pass, ${s.byStatus.waived} waived, ` +
    `${s.byStatus['not-applicable']} not applicable, ${s.byStatus['not-evaluated']} not evaluated, ${s.byStatus.manual} manual` +
    (s.errors > 0 ? `; ${s.errors} input errors` : ''));
  if (trend) out.push(trendLine(trend));
  return out.join('\n') + '\n';
};
