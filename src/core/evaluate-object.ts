import type { ScanConfig } from './config.js';
import { runRules } from './engine.js';
import type { Finding, InputError, WaivedFinding } from './finding.js';
import type { KubeResource } from './resource.js';
import type { Rule } from './rule.js';
import type { ScopeDecision } from './scope.js';

export interface ObjectEvaluation {
  readonly findings: readonly Finding[];
  readonly waived: readonly WaivedFinding[];
  readonly errors: readonly InputError[];
  /** The target's PHI scope, decided as `scan` decides it. */
  readonly scope: ScopeDecision;
}

/**
 * Judges one object (with the few read alongside it, e.g. its Namespace) for admission: only the rules that can see
 * its kinds run, rules whose cluster-wide model reads other kinds are skipped, and no control status is worked out.
 * The findings are those `evaluate` gives over the same input (a test holds the two paths equal over the corpus).
 */
export function evaluateObject(target: KubeResource, alongside: readonly KubeResource[], rules: readonly Rule[], config: ScanConfig): ObjectEvaluation {
  const resources = [target, ...alongside];
  const kinds = new Set(resources.map((r) => r.ref.kind));
  const seesAny = (list: readonly string[] | undefined): boolean => list === undefined || list.some((k) => kinds.has(k));
  const run = runRules({ resources }, rules, config, {}, {
    before: (rule) => rule.meta.reads === undefined || seesAny(rule.meta.reads),
    // A rule that would be handed nothing, and has no end() of its own to judge in, cannot report.
    after: (rule, v, inventory) => v.end !== undefined || (v.resource !== undefined && seesAny(rule.meta.kinds)) ||
      ((v.podSpec !== undefined || v.container !== undefined) && inventory.podSpecs.length > 0),
  });
  return { findings: run.findings, waived: run.waived, errors: run.errors, scope: run.inventory.scope.decide(target) };
}
