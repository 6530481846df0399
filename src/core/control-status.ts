import type { Control } from '../catalog/index.js';
import { CONTROLS } from '../catalog/index.js';
import type { ControlResult } from './finding.js';
import type { RuleState } from './rule-state.js';

/** What decides the statuses besides the rules' states: which controls this run had rules for and which it skipped. */
export interface StatusInput {
  readonly implemented: ReadonlySet<string>;
  readonly disabled: ReadonlySet<string>;
  readonly only?: ReadonlySet<string>;
}

/** The status of every catalog control, in catalog order: pass means the control was checked and met. */
export function controlStatuses(states: readonly RuleState[], input: StatusInput): ControlResult[] {
  const byControl = new Map<string, RuleState[]>();
  for (const s of states) {
    let list = byControl.get(s.control.id);
    if (!list) byControl.set(s.control.id, (list = []));
    list.push(s);
  }
  return CONTROLS.map((c) => statusOf(c, byControl.get(c.id), input));
}

function statusOf(c: Control, ss: readonly RuleState[] | undefined, { implemented, disabled, only }: StatusInput): ControlResult {
  if (disabled.has(c.id)) return { id: c.id, status: 'not-evaluated', reason: 'disabled in configuration' };
  if (only && !only.has(c.id)) return { id: c.id, status: 'not-evaluated', reason: 'not selected for this scan' };
  if (!ss || ss.length === 0) return unrun(c, implemented.has(c.id));
  if (ss.some((s) => s.findings.some((f) => f.advisory !== true))) return { id: c.id, status: 'fail' };
  const advisory = ss.reduce((n, s) => n + s.findings.length, 0);
  // Only hygiene findings: the requirement is met, and the status says what else was found.
  if (advisory > 0) return { id: c.id, status: 'pass', reason: `requirement met; ${advisory} advisory finding${advisory === 1 ? '' : 's'} (hygiene) reported` };
  if (ss.some((s) => s.waived.length > 0)) return { id: c.id, status: 'waived' };
  const crashed = ss.find((s) => s.failed !== undefined);
  if (crashed?.failed !== undefined) return { id: c.id, status: 'not-evaluated', reason: crashed.failed };
  const na = ss.find((s) => s.notApplicable !== undefined);
  if (na?.notApplicable !== undefined) return { id: c.id, status: 'not-applicable', reason: na.notApplicable };
  const ne = ss.find((s) => s.notEvaluated !== undefined);
  if (ne?.notEvaluated !== undefined) return { id: c.id, status: 'not-evaluated', reason: ne.notEvaluated };
  if (ss.some((s) => s.evaluated)) return { id: c.id, status: 'pass' };
  if (ss.some((s) => s.visited)) return { id: c.id, status: 'not-applicable', reason: 'nothing in the input is something this control applies to' };
  return { id: c.id, status: 'not-evaluated', reason: `needs ${ss[0]?.rule.meta.needs ?? 'more input'}` };
}

/** A control no rule of this run judged: where it is evaluated says what would judge it. */
function unrun(c: Control, implemented: boolean): ControlResult {
  if (implemented) return { id: c.id, status: 'not-evaluated', reason: 'not run' };
  if (c.evaluatedIn === 'manual') return { id: c.id, status: 'manual', reason: 'needs an attestation or evidence outside the cluster' };
  if (c.evaluatedIn === 'trail') return { id: c.id, status: 'not-evaluated', reason: 'needs API audit logs: run `phiguard audit detect` over the trail' };
  return { id: c.id, status: 'not-evaluated', reason: 'no rule in this version of phiguard' };
}
