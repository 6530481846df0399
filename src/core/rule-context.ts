import type { Control } from '../catalog/index.js';
import { isClusterWide, safeguardOf } from '../catalog/index.js';
import { lowerSeverity } from '../catalog/severity.js';
import type { ScanConfig } from './config.js';
import type { Finding, Location, WaivedFinding } from './finding.js';
import type { Inventory } from './inventory.js';
import { buildFinding } from './report-finding.js';
import type { KubeResource } from './resource.js';
import type { ModelRegistry, Report, Rule, RuleContext } from './rule.js';
import type { RuleState } from './rule-state.js';
import type { ScopeDecision } from './scope.js';
import type { WaiverLookup } from './waivers.js';

/** What every rule's context in one run shares. */
export interface RunShared {
  readonly inventory: Inventory;
  readonly config: ScanConfig;
  readonly models: ModelRegistry;
  readonly waiverFor: WaiverLookup;
  /** The root cause each open finding was reported with, for grouping once every rule ran. */
  readonly causes: Map<Finding, string>;
  readonly locator: { ask(resource: KubeResource, path: string): void } | undefined;
  /** Findings whose location the locator will answer, in the order asked. */
  readonly awaitingLocation: { location?: Location }[];
  /** A short id per reported resource, so the duplicate check keys on the object rather than on its description. */
  readonly idOf: (r: KubeResource) => number;
}

const ADJACENT_FULL_SEVERITY = new Set(['access-control', 'transmission-security', 'authentication']);

/** Whether a control applies at full severity to a resource of this scope. */
export function inScope(decision: ScopeDecision, control: Control): boolean {
  if (decision.level === 'phi') return true;
  if (decision.level === 'phi-adjacent') return ADJACENT_FULL_SEVERITY.has(safeguardOf(control));
  return false;
}

/**
 * One rule's view of a run. Methods rather than closures: a run builds one per rule, and an admission review builds
 * a run per request, where a closure set per rule was a third of what a decision allocated.
 */
export class RuleRunContext implements RuleContext {
  readonly inventory: Inventory;
  readonly config: ScanConfig;
  readonly models: ModelRegistry;
  // Messages already reported per resource and path, keyed by the short part; made on the first report, as most rules report nothing.
  #seen: Map<string, string | Set<string>> | undefined;

  constructor(private readonly run: RunShared, private readonly rule: Rule, private readonly control: Control,
    private readonly state: RuleState, private readonly exceptionKey: string) {
    this.inventory = run.inventory;
    this.config = run.config;
    this.models = run.models;
  }

  markEvaluated(): void { this.state.evaluated = true; }
  notApplicable(reason: string): void { this.state.notApplicable = reason; }
  notEvaluated(reason: string): void { this.state.notEvaluated = reason; }
  scopeOf(r: KubeResource): ScopeDecision { return this.inventory.scope.decide(r); }
  isPhi(r: KubeResource): boolean { return inScope(this.inventory.scope.decide(r), this.control); }

  /** Whether this message was already reported for the key; a long message is compared only on a repeat. */
  #repeated(key: string, message: string): boolean {
    const seen = (this.#seen ??= new Map());
    const before = seen.get(key);
    if (before === undefined) seen.set(key, message);
    else if (typeof before === 'string') {
      if (before === message) return true;
      seen.set(key, new Set([before, message]));
    } else {
      if (before.has(message)) return true;
      before.add(message);
    }
    return false;
  }

  report(rep: Report): void {
    const { state, control, run } = this;
    const scope = this.inventory.scope;
    state.evaluated = true;
    const compiled = this.rule.compiled.get(rep.messageId);
    if (compiled === undefined) throw new Error(`rule ${control.id} has no message ${rep.messageId}`);
    // {{scope}} is the resource's own scope word, so a phi-adjacent namespace is never called a PHI one.
    const message = compiled.render(compiled.scoped && rep.data?.['scope'] === undefined
      ? { ...rep.data, scope: rep.resource && scope.decide(rep.resource).level === 'phi-adjacent' ? 'phi-adjacent' : 'PHI' } : rep.data);
    if (this.#repeated((rep.resource ? run.idOf(rep.resource) : '') + '|' + rep.path, message)) return;
    const phi = rep.phi ?? (rep.resource ? inScope(scope.decide(rep.resource), control) : true);
    const base = rep.severity ?? control.severity;
    const finding = buildFinding(control, rep, message, phi || isClusterWide(control) ? base : lowerSeverity(base), phi);
    const waiver = run.waiverFor(control.id, this.exceptionKey, rep.resource);
    const marked = rep.advisory === true ? { ...finding, advisory: true as const } : finding;
    const kept = waiver ? { ...marked, waiver } : marked;
    if (waiver) state.waived.push(kept as WaivedFinding);
    else {
      state.findings.push(kept);
      if (rep.cause !== undefined) run.causes.set(kept, rep.cause);
    }
    if (rep.resource && run.locator && !rep.resource.origin.api) {
      run.locator.ask(rep.resource, rep.path);
      run.awaitingLocation.push(kept);
    }
  }
}
