import type { Control } from '../catalog/index.js';
import type { Finding, WaivedFinding } from './finding.js';
import type { Rule, RuleContext, Visitors } from './rule.js';

/** What one rule left in one run: findings, waived findings and what it said about its input. */
export interface RuleState {
  readonly rule: Rule;
  readonly control: Control;
  readonly context: RuleContext;
  readonly visitors: Visitors;
  evaluated: boolean;
  /** A visitor was handed something: the rule's kinds were in the input. */
  visited: boolean;
  notApplicable?: string;
  notEvaluated?: string;
  /** The rule threw: what it was judging and why, so its control is never reported as passing. */
  failed?: string;
  findings: Finding[];
  waived: WaivedFinding[];
}
