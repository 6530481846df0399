import { describeRef } from '../core/resource.js';
import { findingFingerprint } from './fingerprint.js';
import type { Formatter } from './report.js';

const HEADER = ['status', 'control', 'severity', 'hipaa', 'kind', 'namespace', 'name', 'file', 'line', 'column', 'path', 'message', 'remediation', 'waiver', 'fingerprint', 'related'];

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a cell as a formula. */
function cell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per finding, open and waived, for spreadsheets and GRC tools. */
export const formatCsv: Formatter = ({ result }) => {
  const rows: string[] = [HEADER.join(',')];
  const all = [...result.findings.map((f) => ({ f, status: 'fail', waiver: '' })),
    ...result.waived.map((w) => ({ f: w, status: 'waived', waiver: `${w.waiver.reason}${w.waiver.ticket ? ` (${w.waiver.ticket})` : ''}` }))];
  for (const { f, status, waiver } of all) {
    rows.push([status, f.control, f.severity, f.hipaa.join(' '), f.resource?.kind ?? '', f.resource?.namespace ?? '', f.resource ? f.resource.name : '',
      f.location?.file ?? f.api?.path ?? '', f.location?.line ?? '', f.location?.column ?? '', f.path, f.message, f.remediation, waiver, findingFingerprint(f),
      // Findings of the same root cause, one "CONTROL KIND/NS/NAME: message" per line of the cell.
      (f.related ?? []).map((r) => `${r.control} ${r.resource ? describeRef(r.resource) : 'cluster'}: ${r.message}`).join('\n')]
      .map(cell).join(','));
  }
  return rows.join('\r\n') + '\r\n';
};
