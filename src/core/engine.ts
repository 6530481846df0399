import { controlById } from '../catalog/index.js';
import type { Severity } from '../catalog/severity.js';
import { SEVERITIES, severityRank } from '../catalog/severity.js';
import type { ScanConfig } from './config.js';
import { controlStatuses } from './control-status.js';
import { dispatch } from './dispatch.js';
import type { ControlStatus, Finding, InputError, Location, WaivedFinding, ControlResult } from './finding.js';
import type { Inventory } from './inventory.js';
import { groupByCause } from './group.js';
import { buildInventory } from './inventory.js';
import { isNamespaced } from './kinds.js';
import { clusterScanStatus, unreadableKindsOf, withUnreadable } from './cluster-scan.js';
import type { KubeResource } from './resource.js';
import type { ModelRegistry, Rule, RuleContext, RuleMeta, Visitors } from './rule.js';
import type { RuleState } from './rule-state.js';
import type { RunShared } from './rule-context.js';
import { RuleRunContext } from './rule-context.js';
import type { ScopeLevel } from './scope.js';
import type { WaiverIssue } from './waivers.js';
import { configWaiverIssues, exceptionKeyOf, waiverLookup } from './waivers.js';

export type { RuleState } from './rule-state.js';
export type { WaiverIssue } from './waivers.js';

export const SCHEMA_VERSION = '1.0.0';

export interface EvaluationSummary {
  readonly resources: number;
  readonly findings: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byStatus: Readonly<Record<ControlStatus, number>>;
  readonly errors: number;
}

export interface EvaluationResult {
  readonly findings: readonly Finding[];
  readonly waived: readonly WaivedFinding[];
  readonly controls: readonly ControlResult[];
  readonly errors: readonly InputError[];
  /** Input problems that do not stop the scan, e.g. an object given twice (the later one is judged). */
  readonly warnings: readonly InputError[];
  readonly waiverIssues: readonly WaiverIssue[];
  readonly scope: {
    readonly undeclared: boolean;
    readonly namespaces: readonly { readonly name: string; readonly level: ScopeLevel; readonly source: string; readonly alias?: string }[];
    /** Namespaced resources that name no namespace and were judged in the default one; only when there are some. */
    readonly defaultNamespace?: { readonly name: string; readonly resources: number };
  };
  readonly summary: EvaluationSummary;
}

export interface EvaluateInput {
  readonly resources: readonly KubeResource[];
  readonly errors?: readonly InputError[];
}

/**
 * Finds file positions for findings, asked one by one while rules run and answered together at the end,
 * so a source may work them out elsewhere (another thread) while the rules go on.
 */
export interface DeferredLocator {
  ask(resource: KubeResource, path: string): void;
  /** One answer per ask, in the order asked. */
  answers(): readonly (Location | undefined)[];
}

export interface EvaluateOptions {
  /** Maps a resource and a JSON pointer inside it to a file position; supplied by the source that read the file. */
  readonly locate?: (resource: KubeResource, path: string) => Location | undefined;
  /** Like `locate`, answered after the rules ran; wins over `locate`. */
  readonly locator?: DeferredLocator;
  /** Only these controls run (by id); absent means all. */
  readonly only?: readonly string[];
}

function immediateLocator(locate: NonNullable<EvaluateOptions['locate']>): DeferredLocator {
  const found: (Location | undefined)[] = [];
  return { ask: (r, path) => { found.push(locate(r, path)); }, answers: () => found };
}

function modelRegistry(): ModelRegistry {
  const cache = new Map<string, unknown>();
  return {
    get<T>(key: string, build: () => T): T {
      if (!cache.has(key)) cache.set(key, build());
      return cache.get(key) as T;
    },
  };
}

/** Which rules a run keeps: `before` sees the rule, `after` what it visits; both default to keeping it. */
export interface RuleSelection {
  before?(rule: Rule): boolean;
  after?(rule: Rule, visitors: Visitors, inventory: Inventory): boolean;
}

/** What running the rules leaves, before control statuses are worked out. */
export interface RuleRun {
  readonly inventory: Inventory;
  readonly states: readonly RuleState[];
  readonly errors: readonly InputError[];
  readonly waiverIssues: WaiverIssue[];
  readonly usedConfigWaivers: ReadonlySet<number>;
  readonly findings: readonly Finding[];
  readonly waived: readonly WaivedFinding[];
}

/** Runs every rule over the input once and reports findings and a status for every control of the catalog. */
export function evaluate(input: EvaluateInput, rules: readonly Rule[], config: ScanConfig, options: EvaluateOptions = {}): EvaluationResult {
  const run = runRules(input, rules, config, options);
  const { inventory, states, errors } = run;
  const waiverIssues = [...run.waiverIssues, ...configWaiverIssues(config, run.usedConfigWaivers)];
  const judged = controlStatuses(states, {
    implemented: new Set(rules.map((r) => r.meta.id)),
    disabled: new Set(config.disabledControls),
    ...(options.only ? { only: new Set(options.only) } : {}),
  });

  // Kinds a cluster scan could not read (recorded in its ClusterScan object) leave the controls needing them unjudged.
  const metas = new Map<string, RuleMeta[]>();
  for (const st of states) metas.set(st.control.id, [...(metas.get(st.control.id) ?? []), st.rule.meta]);
  const { controls, setAside } = withUnreadable(judged, metas, unreadableKindsOf(clusterScanStatus(inventory.resources)));
  const findings = setAside.size === 0 ? run.findings : run.findings.filter((f) => !setAside.has(f.control));
  const waived = setAside.size === 0 ? run.waived : run.waived.filter((f) => !setAside.has(f.control));

  let defaulted = 0;
  for (const r of inventory.resources) if (!r.ref.namespace && isNamespaced(r.ref.kind)) defaulted++;
  return {
    findings,
    waived,
    controls,
    errors,
    warnings: inventory.duplicates,
    waiverIssues,
    scope: {
      undeclared: inventory.scope.undeclared,
      namespaces: [...inventory.scope.namespaces.values()]
        .map((n) => ({ name: n.name, level: inventory.scope.namespaceLevel(n.name), source: inventory.scope.undeclared ? 'undeclared' : n.decision.source, ...(n.alias ? { alias: n.alias } : {}) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      ...(defaulted > 0 ? { defaultNamespace: { name: config.defaultNamespace, resources: defaulted } } : {}),
    },
    summary: summarize(inventory, findings, controls, errors),
  };
}

function summarize(inventory: Inventory, findings: readonly Finding[], controls: readonly ControlResult[], errors: readonly InputError[]): EvaluationSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const byStatus = { pass: 0, fail: 0, waived: 0, 'not-applicable': 0, 'not-evaluated': 0, manual: 0 } as Record<ControlStatus, number>;
  for (const c of controls) byStatus[c.status]++;
  return { resources: inventory.resources.length, findings: findings.length, bySeverity, byStatus, errors: errors.length };
}

/** Runs the selected rules over the input once: findings, waived findings and each rule's state, without control statuses. */
export function runRules(input: EvaluateInput, rules: readonly Rule[], config: ScanConfig, options: EvaluateOptions = {}, select: RuleSelection = {}): RuleRun {
  const inventory: Inventory = buildInventory(input.resources, config);
  const errors: InputError[] = [...(input.errors ?? [])];
  const models = modelRegistry();
  const waiverIssues: WaiverIssue[] = [];
  const usedConfigWaivers = new Set<number>();
  const waiverFor = waiverLookup(config, waiverIssues, usedConfigWaivers);
  const disabled = new Set(config.disabledControls);
  const only = options.only ? new Set(options.only) : undefined;
  const locator = options.locator ?? (options.locate ? immediateLocator(options.locate) : undefined);
  const awaitingLocation: { location?: Location }[] = [];
  const ids = new Map<KubeResource, number>();
  const shared: RunShared = {
    inventory, config, models, waiverFor, causes: new Map<Finding, string>(), locator, awaitingLocation,
    idOf: (r) => {
      let id = ids.get(r);
      if (id === undefined) ids.set(r, (id = ids.size));
      return id;
    },
  };

  const states: RuleState[] = [];
  for (const rule of rules) {
    const control = controlById(rule.meta.id);
    if (!control) throw new Error(`rule ${rule.meta.slug} names unknown control ${rule.meta.id}`);
    if (disabled.has(control.id) || (only && !only.has(control.id))) continue;
    if (select.before && !select.before(rule)) continue;
    // Every field from the start (context and visitors filled in just below), so all states share one shape.
    const state: { -readonly [K in keyof RuleState]: RuleState[K] } = { rule, control, context: undefined as unknown as RuleContext, visitors: {}, evaluated: false, visited: false, findings: [], waived: [] };
    state.context = new RuleRunContext(shared, rule, control, state, exceptionKeyOf(control.id));
    state.visitors = rule.create(state.context);
    if (select.after && !select.after(rule, state.visitors, inventory)) continue;
    states.push(state);
  }

  dispatch(states, inventory, errors);

  if (locator) {
    const answers = locator.answers();
    // The engine built these objects itself and nothing else has seen them yet.
    awaitingLocation.forEach((f, i) => {
      const at = answers[i];
      if (at) f.location = at;
    });
  }
  const findings = groupByCause(states.flatMap((s) => s.findings), (f) => shared.causes.get(f)).sort(compareFindings);
  const waived = states.flatMap((s) => s.waived).sort(compareFindings);
  return { inventory, states, errors, waiverIssues, usedConfigWaivers, findings, waived };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Plain code-unit order: deterministic and much cheaper than localeCompare on tens of thousands of findings.
function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.location?.file ?? a.api?.path ?? '', b.location?.file ?? b.api?.path ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.control, b.control) ||
    cmp(a.message, b.message);
}
