import { controlById, SAFEGUARD_ORDER, SAFEGUARD_TITLES, safeguardOf } from '../catalog/index.js';
import type { Safeguard } from '../catalog/index.js';
import type { Finding } from '../core/finding.js';
import { describeRef } from '../core/resource.js';
import type { Severity } from '../core/severity.js';
import { SEVERITIES } from '../core/severity.js';
import type { Formatter } from './report.js';
import { markOf, trendLine } from './trend.js';

const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m',
};

function paint(color: boolean, code: string, text: string): string {
  return color ? `${code}${text}\x1b[0m` : text;
}

function where(f: Finding): string {
  const loc = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.api ? f.api.path : '(cluster)';
  return f.resource ? `${loc}  ${describeRef(f.resource)}` : loc;
}

/** Findings grouped by HIPAA safeguard, most severe first, then errors and a one-line summary. */
export const formatText: Formatter = ({ tool, result, trend }, { color }) => {
  const out: string[] = [];
  const bold = (s: string): string => paint(color, '\x1b[1m', s);
  const dim = (s: string): string => paint(color, '\x1b[2m', s);
  const scope = result.scope.undeclared
    ? 'PHI scope: none declared, so every object is treated as PHI'
    : `PHI scope: ${result.scope.namespaces.filter((n) => n.level !== 'none').map((n) => `${n.name} (${n.level})`).join(', ') || 'no PHI namespace in this input'}`;
  out.push(bold(`${tool.name} ${tool.version}`) + ` — ${result.summary.resources} resources; ${scope}`);
  const defaulted = result.scope.defaultNamespace;
  if (defaulted) out.push(`${defaulted.resources} namespaced resource(s) name no namespace and are judged in namespace "${defaulted.name}" (set --namespace or defaultNamespace to change it)`);

  const groups = new Map<Safeguard, Finding[]>();
  for (const f of result.findings) {
    const c = controlById(f.control);
    const g = c ? safeguardOf(c) : 'administrative';
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(f);
  }
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
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
      if (f.fix) out.push(`           fix: ${f.fix.description}`);
    }
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
