import { controlById, CONTROLS, SAFEGUARD_ORDER, SAFEGUARD_TITLES, safeguardOf } from '../catalog/index.js';
import type { Safeguard } from '../catalog/index.js';
import type { ControlStatus, Finding } from '../core/finding.js';
import { describeRef } from '../core/resource.js';
import type { Formatter } from './report.js';

export function xmlEscape(s: string): string {
  // Control characters other than tab and newlines are not allowed in XML 1.0 at all.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Case { readonly name: string; readonly failures: readonly Finding[]; readonly skipped?: string }

function subject(f: Finding): string {
  return f.resource ? describeRef(f.resource) : f.location?.file ?? 'cluster';
}

/** One test case per control and resource; a control with no finding is one case (passed, or skipped with its status). */
function casesOf(controlId: string, status: ControlStatus, reason: string | undefined, findings: readonly Finding[]): Case[] {
  if (findings.length === 0) {
    if (status === 'pass' || status === 'waived') return [{ name: controlId, failures: [] }];
    return [{ name: controlId, failures: [], skipped: `${status}${reason ? `: ${reason}` : ''}` }];
  }
  const bySubject = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = subject(f);
    const list = bySubject.get(key);
    if (list) list.push(f);
    else bySubject.set(key, [f]);
  }
  return [...bySubject].sort(([a], [b]) => a.localeCompare(b)).map(([s, list]) => ({ name: `${controlId} ${s}`, failures: list }));
}

/** JUnit XML in the shape GitLab and Jenkins read: a suite per safeguard, failures carry the finding. */
export const formatJunit: Formatter = ({ tool, result }) => {
  const byControl = new Map<string, Finding[]>();
  const add = (f: Finding): void => {
    // Advisory (hygiene) findings do not fail a control's test case.
    if (f.advisory === true) return;
    const list = byControl.get(f.control);
    if (list) list.push(f);
    else byControl.set(f.control, [f]);
  };
  for (const f of result.findings) {
    add(f);
    // A finding folded into another (same root cause) still fails its own control's test case.
    for (const r of f.related ?? []) {
      const c = controlById(r.control);
      add({ ...r, title: c?.title ?? r.control, hipaa: c?.hipaa ?? [], remediation: c?.remediation ?? '', phi: f.phi, message: `${r.message} (reported with ${f.control}: same cause)` });
    }
  }
  const status = new Map(result.controls.map((c) => [c.id, c]));
  const suites = new Map<Safeguard, { classname: string; c: Case }[]>();
  for (const control of CONTROLS) {
    const st = status.get(control.id);
    if (!st) continue;
    const g = safeguardOf(control);
    const list = suites.get(g) ?? [];
    suites.set(g, list);
    for (const c of casesOf(control.id, st.status, st.reason, byControl.get(control.id) ?? [])) list.push({ classname: `${control.id} ${control.title}`, c });
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = [...suites.values()].flat();
  const failures = all.filter((x) => x.c.failures.length > 0).length;
  const skipped = all.filter((x) => x.c.skipped !== undefined).length;
  out.push(`<testsuites name="${xmlEscape(`${tool.name} ${tool.version}`)}" tests="${all.length}" failures="${failures}" errors="${result.errors.length > 0 ? 1 : 0}" skipped="${skipped}">`);
  for (const g of SAFEGUARD_ORDER) {
    const list = suites.get(g);
    if (!list) continue;
    const f = list.filter((x) => x.c.failures.length > 0).length;
    const s = list.filter((x) => x.c.skipped !== undefined).length;
    out.push(`  <testsuite name="${xmlEscape(SAFEGUARD_TITLES[g])}" tests="${list.length}" failures="${f}" errors="0" skipped="${s}">`);
    for (const { classname, c } of list) {
      const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(c.name)}"`;
      const first = c.failures[0];
      if (first) {
        out.push(`${open}>`);
        const body = c.failures.map((x) => `${x.location ? `${x.location.file}:${x.location.line}:${x.location.column} ` : x.api ? `${x.api.path} ` : ''}${x.path}: ${x.message}\n` +
          `${x.hipaa.join(', ')}; fix: ${x.fix?.description ?? x.remediation}`).join('\n\n');
        out.push(`      <failure type="${xmlEscape(first.severity)}" message="${xmlEscape(first.message)}">${xmlEscape(body)}</failure>`);
        out.push('    </testcase>');
      } else if (c.skipped !== undefined) {
        out.push(`${open}>`, `      <skipped message="${xmlEscape(c.skipped)}"/>`, '    </testcase>');
      } else {
        out.push(`${open}/>`);
      }
    }
    out.push('  </testsuite>');
  }
  if (result.errors.length > 0) {
    out.push(`  <testsuite name="Input errors" tests="1" failures="0" errors="1" skipped="0">`);
    out.push('    <testcase classname="input" name="inputs parse">');
    out.push(`      <error message="${result.errors.length} input errors">${xmlEscape(result.errors.map((e) => `${e.file}${e.line > 0 ? `:${e.line}` : ''}: ${e.message}`).join('\n'))}</error>`);
    out.push('    </testcase>', '  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
};
