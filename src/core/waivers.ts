import type { ScanConfig } from './config.js';
import type { WaivedFinding } from './finding.js';
import type { KubeResource } from './resource.js';
import { annotationsOf, describeRef } from './resource.js';

export interface WaiverIssue {
  readonly control: string;
  readonly source: string;
  readonly problem: 'expired' | 'unused' | 'incomplete';
  readonly detail: string;
}

export type WaiverMatch = WaivedFinding['waiver'];

/** Finds the waiver (resource annotation, then config) that covers a finding; records the problems met on the way. */
export type WaiverLookup = (control: string, exceptionKey: string, r: KubeResource | undefined) => WaiverMatch | undefined;

/** What a config waiver lacks of the fields waiverPolicy requires; such a waiver waives nothing. */
export function missingWaiverFields(config: ScanConfig, w: ScanConfig['waivers'][number]): string[] {
  return [
    ...(config.waiverPolicy.requireTicket && !w.ticket?.trim() ? ['ticket'] : []),
    ...(config.waiverPolicy.requireExpiry && !w.expires ? ['expires'] : []),
  ];
}

/** The annotation key that waives `control` on one resource. */
export function exceptionKeyOf(control: string): string {
  return `phiguard.dev/exception.${control}`;
}

export function waiverLookup(config: ScanConfig, issues: WaiverIssue[], usedConfigWaivers: Set<number>): WaiverLookup {
  const now = Date.parse(config.now);
  return (control, exceptionKey, r) => {
    if (r) {
      const raw = annotationsOf(r)[exceptionKey];
      if (raw !== undefined) {
        const [ticket = '', expires = '', ...rest] = raw.split(';');
        const reason = rest.join(';').trim();
        const source = `annotation on ${describeRef(r.ref)}`;
        if (!reason || !ticket.trim() || !expires.trim()) {
          issues.push({ control, source, problem: 'incomplete', detail: 'an exception needs "<ticket>;<expires>;<justification>"' });
          return undefined;
        }
        if (!(Date.parse(expires.trim()) > now)) {
          issues.push({ control, source, problem: 'expired', detail: `expired ${expires.trim()}` });
          return undefined;
        }
        return { reason, ticket: ticket.trim(), expires: expires.trim(), source };
      }
    }
    if (config.waivers.length === 0) return undefined;
    for (const [i, w] of config.waivers.entries()) {
      if (w.control !== control) continue;
      if (w.kind && w.kind !== r?.ref.kind) continue;
      if (w.namespace && w.namespace !== r?.ref.namespace) continue;
      if (w.name && w.name !== r?.ref.name) continue;
      if (w.expires && !(Date.parse(w.expires) > now)) continue;
      if (missingWaiverFields(config, w).length > 0) continue;
      usedConfigWaivers.add(i);
      return { reason: w.reason, source: `config waiver #${i + 1}`, ...(w.ticket ? { ticket: w.ticket } : {}), ...(w.expires ? { expires: w.expires } : {}),
        ...(w.approver ? { approver: w.approver } : {}), ...(w.compensatingControl ? { compensatingControl: w.compensatingControl } : {}) };
    }
    return undefined;
  };
}

/** Config waivers that waive nothing: incomplete under waiverPolicy, expired, or matching no finding. */
export function configWaiverIssues(config: ScanConfig, used: ReadonlySet<number>): WaiverIssue[] {
  const now = Date.parse(config.now);
  const issues: WaiverIssue[] = [];
  config.waivers.forEach((w, i) => {
    const missing = missingWaiverFields(config, w);
    if (missing.length > 0) {
      issues.push({ control: w.control, source: `config waiver #${i + 1}`, problem: 'incomplete',
        detail: `waiverPolicy requires ${missing.join(' and ')}, which this waiver lacks, so it waives nothing` });
    } else if (!used.has(i)) {
      const expired = w.expires !== undefined && !(Date.parse(w.expires) > now);
      issues.push({ control: w.control, source: `config waiver #${i + 1}`, problem: expired ? 'expired' : 'unused',
        detail: expired ? `expired ${w.expires ?? ''}` : 'matched no finding' });
    }
  });
  return issues;
}
