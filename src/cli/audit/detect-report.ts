import type { ControlResult, ControlStatus, Finding } from '../../core/finding.js';
import { CONTROL_STATUSES } from '../../core/finding.js';
import { describeRef } from '../../core/resource.js';
import { SEVERITIES } from '../../catalog/severity.js';
import type { Severity } from '../../catalog/severity.js';
import { formatJson } from '../../report/json.js';
import { formatSarif } from '../../report/sarif.js';
import { toolInfo } from '../tool-info.js';

export function alertLine(f: Finding): string {
  return `${f.severity.toUpperCase().padEnd(8)} ${f.control} ${f.title}: ${f.message}${f.resource ? ` [${describeRef(f.resource)}]` : ''}\n`;
}

/** Detection results in the scan report contracts (JSON schemaVersion, SARIF 2.1.0). */
export function renderFindings(findings: readonly Finding[], controls: readonly ControlResult[], format: string): string {
  if (format === 'text') {
    if (findings.length === 0) return `no HK-AL findings (${controls.map((c) => `${c.id} ${c.status}`).join(', ')})\n`;
    return findings.map(alertLine).join('') + `${findings.length} finding(s)\n`;
  }
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const byStatus = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, controls.filter((c) => c.status === s).length])) as Record<ControlStatus, number>;
  const result = {
    findings, waived: [], controls, errors: [], warnings: [], waiverIssues: [],
    scope: { undeclared: false, namespaces: [] },
    summary: { resources: 0, findings: findings.length, bySeverity, byStatus, errors: 0 },
  };
  const input = { tool: toolInfo(), result };
  return format === 'sarif' ? formatSarif(input, { color: false, pretty: true }) : formatJson(input, { color: false, pretty: true });
}

