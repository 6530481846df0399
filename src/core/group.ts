import type { Finding, RelatedFinding } from './finding.js';
import { severityRank } from '../catalog/severity.js';

function relatedOf(f: Finding): RelatedFinding {
  return {
    control: f.control, severity: f.severity, message: f.message,
    ...(f.resource ? { resource: f.resource } : {}), ...(f.location ? { location: f.location } : {}), ...(f.api ? { api: f.api } : {}), path: f.path,
    ...(f.advisory === true ? { advisory: true as const } : {}),
  };
}

/**
 * One finding per root cause: findings a rule tied to the same cause become the most severe of them (the first
 * reported on a tie), listing the others as related. Findings without a cause pass through unchanged.
 */
export function groupByCause(findings: readonly Finding[], causeOf: (f: Finding) => string | undefined): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const cause = causeOf(f);
    if (cause === undefined) continue;
    const list = groups.get(cause);
    if (list) list.push(f);
    else groups.set(cause, [f]);
  }
  if (groups.size === 0) return [...findings];
  const merged = new Map<Finding, Finding | null>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    let primary = members[0] as Finding;
    for (const m of members) {
      const d = severityRank(m.severity) - severityRank(primary.severity);
      // On a tie a finding that fails its control leads, not an advisory one.
      if (d > 0 || (d === 0 && primary.advisory === true && m.advisory !== true)) primary = m;
    }
    const related = members.filter((m) => m !== primary).map(relatedOf);
    for (const m of members) merged.set(m, null);
    merged.set(primary, { ...primary, related: [...(primary.related ?? []), ...related] });
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const m = merged.get(f);
    if (m === undefined) out.push(f);
    else if (m !== null) out.push(m);
  }
  return out;
}
