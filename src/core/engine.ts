import { controlById, CONTROLS, isClusterWide, safeguardOf } from '../catalog/index.js';
import type { Control } from '../catalog/index.js';
import type { ScanConfig } from './config.js';
import type { ControlResult, ControlStatus, Finding, InputError, Location, WaivedFinding } from './finding.js';
import type { ContainerNode, Inventory, PodSpecNode } from './inventory.js';
import { groupByCause } from './group.js';
import { buildInventory, containersOf } from './inventory.js';
import { isNamespaced } from './kinds.js';
import { clusterScanStatus, unreadableKindsOf, withUnreadable } from './cluster-scan.js';
import type { KubeResource } from './resource.js';
import { annotationsOf, describeRef } from './resource.js';
import type { ModelRegistry, Report, Rule, RuleContext, RuleMeta, Visitors } from './rule.js';
import type { ScopeDecision, ScopeLevel } from './scope.js';
import type { Severity } from './severity.js';
import { lowerSeverity, SEVERITIES, severityRank } from './severity.js';

export const SCHEMA_VERSION = '1.0.0';

export interface WaiverIssue {
  readonly control: string;
  readonly source: string;
  readonly problem: 'expired' | 'unused' | 'incomplete';
  readonly detail: string;
}

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

export interface RuleState {
  readonly rule: Rule;
  readonly control: Control;
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

const ADJACENT_FULL_SEVERITY = new Set(['access-control', 'transmission-security', 'authentication']);

/** A message template cut at its {{key}} placeholders once, so each finding only joins strings. */
function compileTemplate(template: string): (data: Readonly<Record<string, string | number>> | undefined) => string {
  const parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
  if (parts.length === 1) return () => template;
  return (data) => {
    let out = parts[0] ?? '';
    for (let i = 1; i < parts.length; i += 2) {
      const key = parts[i] ?? '';
      out += String(data?.[key] ?? `{{${key}}}`) + (parts[i + 1] ?? '');
    }
    return out;
  };
}

function inScope(decision: ScopeDecision, control: Control): boolean {
  if (decision.level === 'phi') return true;
  if (decision.level === 'phi-adjacent') return ADJACENT_FULL_SEVERITY.has(safeguardOf(control));
  return false;
}

interface WaiverMatch { readonly reason: string; readonly ticket?: string; readonly expires?: string; readonly approver?: string; readonly compensatingControl?: string; readonly source: string }

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
  const { inventory, states, errors, waiverIssues, usedConfigWaivers } = run;
  const now = Date.parse(config.now);
  const disabled = new Set(config.disabledControls);
  const only = options.only ? new Set(options.only) : undefined;
  config.waivers.forEach((w, i) => {
    const missing = missingWaiverFields(config, w);
    if (missing.length > 0) {
      waiverIssues.push({ control: w.control, source: `config waiver #${i + 1}`, problem: 'incomplete',
        detail: `waiverPolicy requires ${missing.join(' and ')}, which this waiver lacks, so it waives nothing` });
    } else if (!usedConfigWaivers.has(i)) {
      const expired = w.expires !== undefined && !(Date.parse(w.expires) > now);
      waiverIssues.push({ control: w.control, source: `config waiver #${i + 1}`, problem: expired ? 'expired' : 'unused',
        detail: expired ? `expired ${w.expires ?? ''}` : 'matched no finding' });
    }
  });

  const stateById = new Map<string, RuleState[]>();
  for (const s of states) {
    let list = stateById.get(s.control.id);
    if (!list) stateById.set(s.control.id, (list = []));
    list.push(s);
  }
  const implemented = new Set(rules.map((r) => r.meta.id));
  const judged: ControlResult[] = CONTROLS.map((c): ControlResult => {
    const ss = stateById.get(c.id);
    if (disabled.has(c.id)) return { id: c.id, status: 'not-evaluated', reason: 'disabled in configuration' };
    if (only && !only.has(c.id)) return { id: c.id, status: 'not-evaluated', reason: 'not selected for this scan' };
    if (!ss || ss.length === 0) {
      if (!implemented.has(c.id) && c.scope.every((s) => s === 'E')) return { id: c.id, status: 'manual', reason: 'needs an attestation or evidence outside the cluster' };
      // Audit-log detections run over the audit trail, not over manifests.
      if (!implemented.has(c.id) && c.id.startsWith('HK-AL-')) return { id: c.id, status: 'not-evaluated', reason: 'needs API audit logs: run `phiguard audit detect` over the trail' };
      return { id: c.id, status: 'not-evaluated', reason: implemented.has(c.id) ? 'not run' : 'no rule in this version of phiguard' };
    }
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
  });

  // Kinds a cluster scan could not read (recorded in its ClusterScan object) leave the controls needing them unjudged.
  const metas = new Map<string, RuleMeta[]>();
  for (const st of states) metas.set(st.control.id, [...(metas.get(st.control.id) ?? []), st.rule.meta]);
  const { controls, setAside } = withUnreadable(judged, metas, unreadableKindsOf(clusterScanStatus(inventory.resources)));
  const findings = setAside.size === 0 ? run.findings : run.findings.filter((f) => !setAside.has(f.control));
  const waived = setAside.size === 0 ? run.waived : run.waived.filter((f) => !setAside.has(f.control));

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const byStatus = { pass: 0, fail: 0, waived: 0, 'not-applicable': 0, 'not-evaluated': 0, manual: 0 } as Record<ControlStatus, number>;
  for (const c of controls) byStatus[c.status]++;

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
    summary: { resources: inventory.resources.length, findings: findings.length, bySeverity, byStatus, errors: errors.length },
  };
}

/** What a config waiver lacks of the fields waiverPolicy requires; such a waiver waives nothing. */
function missingWaiverFields(config: ScanConfig, w: ScanConfig['waivers'][number]): string[] {
  return [
    ...(config.waiverPolicy.requireTicket && !w.ticket?.trim() ? ['ticket'] : []),
    ...(config.waiverPolicy.requireExpiry && !w.expires ? ['expires'] : []),
  ];
}

/** Runs the selected rules over the input once: findings, waived findings and each rule's state, without control statuses. */
export function runRules(input: EvaluateInput, rules: readonly Rule[], config: ScanConfig, options: EvaluateOptions = {}, select: RuleSelection = {}): RuleRun {
  const inventory: Inventory = buildInventory(input.resources, config);
  const errors: InputError[] = [...(input.errors ?? [])];
  const models = modelRegistry();
  const now = Date.parse(config.now);
  const waiverIssues: WaiverIssue[] = [];
  const usedConfigWaivers = new Set<number>();
  const disabled = new Set(config.disabledControls);
  const only = options.only ? new Set(options.only) : undefined;
  const locator = options.locator ?? (options.locate ? immediateLocator(options.locate) : undefined);
  // Findings whose location the locator will answer, in the order asked.
  const awaitingLocation: { location?: Location }[] = [];
  // The root cause each open finding was reported with, for grouping once every rule ran.
  const causes = new Map<Finding, string>();

  const waiverFor = (control: string, exceptionKey: string, r: KubeResource | undefined): WaiverMatch | undefined => {
    if (r) {
      const raw = annotationsOf(r)[exceptionKey];
      if (raw !== undefined) {
        const [ticket = '', expires = '', ...rest] = raw.split(';');
        const reason = rest.join(';').trim();
        const source = `annotation on ${describeRef(r.ref)}`;
        if (!reason || !ticket.trim() || !expires.trim()) {
          waiverIssues.push({ control, source, problem: 'incomplete', detail: 'an exception needs "<ticket>;<expires>;<justification>"' });
          return undefined;
        }
        if (!(Date.parse(expires.trim()) > now)) {
          waiverIssues.push({ control, source, problem: 'expired', detail: `expired ${expires.trim()}` });
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

  // A short id per reported resource, so a rule's duplicate check keys on the object rather than on its description.
  const ids = new Map<KubeResource, number>();
  const idOf = (r: KubeResource): number => {
    let id = ids.get(r);
    if (id === undefined) ids.set(r, (id = ids.size));
    return id;
  };

  const states: RuleState[] = [];
  for (const rule of rules) {
    const control = controlById(rule.meta.id);
    if (!control) throw new Error(`rule ${rule.meta.slug} names unknown control ${rule.meta.id}`);
    if (disabled.has(control.id) || (only && !only.has(control.id))) continue;
    if (select.before && !select.before(rule)) continue;
    const state: Partial<RuleState> & { rule: Rule; control: Control; evaluated: boolean; visited: boolean; findings: Finding[]; waived: WaivedFinding[] } =
      { rule, control, evaluated: false, visited: false, findings: [], waived: [] };
    // Messages already reported per resource and path: keyed by the short part, so a long message is hashed only on a repeat.
    const seen = new Map<string, string | Set<string>>();
    const exceptionKey = `phiguard.dev/exception.${control.id}`;
    const templates = new Map<string, ReturnType<typeof compileTemplate>>();
    const scopeWordIn = new Map<string, boolean>();
    const context: RuleContext = {
      inventory,
      config,
      models,
      markEvaluated: () => { state.evaluated = true; },
      notApplicable: (reason: string) => { state.notApplicable = reason; },
      notEvaluated: (reason: string) => { state.notEvaluated = reason; },
      scopeOf: (r) => inventory.scope.decide(r),
      isPhi: (r) => inScope(inventory.scope.decide(r), control),
      report: (rep: Report) => {
        state.evaluated = true;
        let render = templates.get(rep.messageId);
        if (!render) {
          const template = rule.meta.messages[rep.messageId];
          if (template === undefined) throw new Error(`rule ${control.id} has no message ${rep.messageId}`);
          templates.set(rep.messageId, (render = compileTemplate(template)));
        }
        // {{scope}} is the resource's own scope word, so a phi-adjacent namespace is never called a PHI one.
        let scoped = scopeWordIn.get(rep.messageId);
        if (scoped === undefined) scopeWordIn.set(rep.messageId, (scoped = /\{\{\s*scope\s*\}\}/.test(rule.meta.messages[rep.messageId] ?? '')));
        const message = render(scoped && rep.data?.['scope'] === undefined
          ? { ...rep.data, scope: rep.resource && inventory.scope.decide(rep.resource).level === 'phi-adjacent' ? 'phi-adjacent' : 'PHI' } : rep.data);
        const key = (rep.resource ? idOf(rep.resource) : '') + '|' + rep.path;
        const before = seen.get(key);
        if (before === undefined) seen.set(key, message);
        else if (typeof before === 'string') {
          if (before === message) return;
          seen.set(key, new Set([before, message]));
        } else {
          if (before.has(message)) return;
          before.add(message);
        }
        const phi = rep.phi ?? (rep.resource ? inScope(inventory.scope.decide(rep.resource), control) : true);
        const base = rep.severity ?? control.severity;
        const severity = phi || isClusterWide(control) ? base : lowerSeverity(base);
        const remediation = rep.remediation ?? control.remediation;
        const r = rep.resource;
        // Plain literals (no spreads) in the documented key order: this runs once per finding.
        let finding: Finding;
        if (r?.origin.api) {
          const api = r.origin.api;
          finding = rep.fix
            ? { control: control.id, title: control.title, severity, hipaa: control.hipaa, message, resource: r.ref, api, path: rep.path, remediation, fix: rep.fix, phi }
            : { control: control.id, title: control.title, severity, hipaa: control.hipaa, message, resource: r.ref, api, path: rep.path, remediation, phi };
        } else if (r) {
          const location = { file: r.origin.file, line: r.origin.line, column: 1 };
          finding = rep.fix
            ? { control: control.id, title: control.title, severity, hipaa: control.hipaa, message, resource: r.ref, location, path: rep.path, remediation, fix: rep.fix, phi }
            : { control: control.id, title: control.title, severity, hipaa: control.hipaa, message, resource: r.ref, location, path: rep.path, remediation, phi };
        } else {
          finding = rep.fix
            ? { control: control.id, title: control.title, severity, hipaa: control.hipaa, message, path: rep.path, remediation, fix: rep.fix, phi }
            : { control: control.id, title: control.title, severity, hipaa: control.hipaa, message, path: rep.path, remediation, phi };
        }
        const waiver = waiverFor(control.id, exceptionKey, rep.resource);
        const marked = rep.advisory === true ? { ...finding, advisory: true as const } : finding;
        const kept = waiver ? { ...marked, waiver } : marked;
        if (waiver) state.waived.push(kept as WaivedFinding);
        else {
          state.findings.push(kept);
          if (rep.cause !== undefined) causes.set(kept, rep.cause);
        }
        if (rep.resource && locator && !rep.resource.origin.api) {
          locator.ask(rep.resource, rep.path);
          awaitingLocation.push(kept);
        }
      },
    } as RuleContext;
    const visitors = rule.create(context);
    if (select.after && !select.after(rule, visitors, inventory)) continue;
    (state as { visitors: Visitors }).visitors = visitors;
    states.push(state as RuleState);
  }

  const failed = (state: RuleState, r: KubeResource | undefined, e: unknown): void => {
    const where = r ? ` on ${describeRef(r.ref)}` : '';
    errors.push({ file: r?.origin.file ?? '', line: r?.origin.line ?? 0, column: 0, message: `rule ${state.control.id} failed${where}: ${(e as Error).message}` });
    state.failed ??= `the rule failed${where}: ${(e as Error).message}`;
  };
  // Each dispatch loop catches per call, without allocating a closure per (rule, node) pair.
  const visitAll = <N>(list: readonly RuleState[], node: N, owner: KubeResource, visit: (v: Visitors, n: N) => void): void => {
    for (const s of list) {
      s.visited = true;
      if (s.rule.meta.marksEvaluated !== true) s.evaluated = true;
      try {
        visit(s.visitors, node);
      } catch (e) {
        failed(s, owner, e);
      }
    }
  };

  const byKind = new Map<string, RuleState[]>();
  const everyResource: RuleState[] = [];
  for (const s of states) {
    if (!s.visitors.resource) continue;
    if (!s.rule.meta.kinds) everyResource.push(s);
    else for (const k of s.rule.meta.kinds) {
      let list = byKind.get(k);
      if (!list) byKind.set(k, (list = []));
      list.push(s);
    }
  }
  const visitResource = (v: Visitors, r: KubeResource): void => v.resource?.(r);
  const visitPod = (v: Visitors, p: PodSpecNode): void => v.podSpec?.(p);
  const visitContainer = (v: Visitors, c: ContainerNode): void => v.container?.(c);
  for (const r of inventory.resources) {
    const forKind = byKind.get(r.ref.kind);
    if (forKind) visitAll(forKind, r, r, visitResource);
    if (everyResource.length > 0) visitAll(everyResource, r, r, visitResource);
  }
  const podVisitors = states.filter((s) => s.visitors.podSpec);
  const containerVisitors = states.filter((s) => s.visitors.container);
  if (podVisitors.length + containerVisitors.length > 0) {
    for (const pod of inventory.podSpecs) {
      visitAll(podVisitors, pod, pod.resource, visitPod);
      if (containerVisitors.length === 0) continue;
      for (const c of containersOf(pod)) visitAll(containerVisitors, c, pod.resource, visitContainer);
    }
  }
  for (const s of states) {
    if (!s.visitors.end) continue;
    try {
      s.visitors.end();
    } catch (e) {
      failed(s, undefined, e);
    }
  }

  if (locator) {
    const answers = locator.answers();
    // The engine built these objects itself and nothing else has seen them yet.
    awaitingLocation.forEach((f, i) => {
      const at = answers[i];
      if (at) f.location = at;
    });
  }
  const findings = groupByCause(states.flatMap((s) => s.findings), (f) => causes.get(f)).sort(compareFindings);
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
