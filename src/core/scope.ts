import type { ScanConfig } from './config.js';
import type { KubeResource } from './resource.js';
import { labelsOf, asObject, stringMap } from './resource.js';
import { isNamespaced, podTemplateOf } from './kinds.js';

export type ScopeLevel = 'phi' | 'phi-adjacent' | 'none';

export type ScopeSource =
  | 'object-label'
  | 'workload-label'
  | 'namespace-label'
  | 'namespace-alias'
  | 'config'
  | 'undeclared';

export interface ScopeDecision {
  readonly level: ScopeLevel;
  readonly source: ScopeSource;
}

export const SCOPE_LABEL = 'phiguard.dev/scope';
export const PHI_LABEL = 'phiguard.dev/phi';

/** Labels other teams use to mark PHI; accepted but reported as non-canonical. */
export const SCOPE_ALIASES: readonly (readonly [string, string])[] = [
  ['data-classification', 'phi'],
  ['compliance', 'hipaa'],
  ['phi', 'true'],
  ['hipaa', 'true'],
];

export interface NamespaceScope {
  readonly name: string;
  readonly decision: ScopeDecision;
  /** The alias label that put the namespace in scope, when not the canonical one. */
  readonly alias?: string;
}

/** PHI scope resolved once per scan (controls.md §5). */
export interface ScopeIndex {
  /** True when nothing anywhere declares scope: everything counts as PHI (HK-GV-001). */
  readonly undeclared: boolean;
  readonly namespaces: ReadonlyMap<string, NamespaceScope>;
  namespaceOf(r: KubeResource): string | undefined;
  decide(r: KubeResource): ScopeDecision;
  namespaceLevel(ns: string): ScopeLevel;
}

function aliasMatch(labels: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(labels);
  for (const [k, v] of SCOPE_ALIASES) {
    for (const [lk, lv] of entries) {
      // Vendor-prefixed forms such as example.org/data-classification count too.
      if ((lk === k || lk.endsWith('/' + k)) && lv.toLowerCase() === v) return `${lk}=${lv}`;
    }
  }
  return undefined;
}

function levelOf(value: string | undefined): ScopeLevel | undefined {
  return value === 'phi' || value === 'phi-adjacent' || value === 'none' ? value : undefined;
}

function boolLabel(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function buildScopeIndex(resources: readonly KubeResource[], config: ScanConfig): ScopeIndex {
  const patterns = config.phiNamespaces.patterns.map((p) => new RegExp(`^(?:${p})$`));
  const nsLabels = new Map<string, Readonly<Record<string, string>>>();
  for (const r of resources) if (r.ref.kind === 'Namespace') nsLabels.set(r.ref.name, labelsOf(r));

  const namespaceOf = (r: KubeResource): string | undefined =>
    r.ref.kind === 'Namespace' ? r.ref.name : isNamespaced(r.ref.kind) ? (r.ref.namespace ?? config.defaultNamespace) : undefined;

  // Every namespace named anywhere gets a decision, even without a Namespace object.
  const names = new Set<string>(nsLabels.keys());
  for (const r of resources) {
    const ns = namespaceOf(r);
    if (ns) names.add(ns);
  }
  for (const n of config.phiNamespaces.names) names.add(n);

  let declared = config.phiNamespaces.names.length + config.phiNamespaces.patterns.length +
    config.phiNamespaces.selectors.length + config.phiAdjacentNamespaces.length > 0;
  const namespaces = new Map<string, NamespaceScope>();
  for (const name of names) {
    const labels = nsLabels.get(name) ?? { 'kubernetes.io/metadata.name': name };
    const canonical = levelOf(labels[SCOPE_LABEL]);
    let scope: NamespaceScope;
    if (canonical) {
      scope = { name, decision: { level: canonical, source: 'namespace-label' } };
    } else if (config.phiNamespaces.names.includes(name) || patterns.some((p) => p.test(name)) ||
      config.phiNamespaces.selectors.some((s) => selectorMatches(s, labels))) {
      scope = { name, decision: { level: 'phi', source: 'config' } };
    } else if (config.phiAdjacentNamespaces.includes(name)) {
      scope = { name, decision: { level: 'phi-adjacent', source: 'config' } };
    } else {
      const alias = aliasMatch(labels);
      scope = alias
        ? { name, decision: { level: 'phi', source: 'namespace-alias' }, alias }
        : { name, decision: { level: 'none', source: 'undeclared' } };
    }
    if (scope.decision.source !== 'undeclared') declared = true;
    namespaces.set(name, scope);
  }
  if (!declared) {
    declared = resources.some((r) => {
      if (boolLabel(labelsOf(r)[PHI_LABEL]) !== undefined) return true;
      const t = podTemplateOf(r);
      return t !== undefined && boolLabel(stringMap(asObject(t.metadata['labels']))[PHI_LABEL]) !== undefined;
    });
  }
  const undeclared = !declared;

  const namespaceLevel = (ns: string): ScopeLevel =>
    undeclared ? 'phi' : (namespaces.get(ns)?.decision.level ?? 'none');

  // Decided once per resource: rules ask for the same resource many times.
  const decided = new Map<KubeResource, ScopeDecision>();
  const decide = (r: KubeResource): ScopeDecision => {
    let d = decided.get(r);
    if (!d) decided.set(r, (d = decideOnce(r)));
    return d;
  };
  const decideOnce = (r: KubeResource): ScopeDecision => {
    const own = boolLabel(labelsOf(r)[PHI_LABEL]);
    if (own !== undefined) return { level: own ? 'phi' : 'none', source: 'object-label' };
    const t = podTemplateOf(r);
    if (t) {
      const tpl = boolLabel(stringMap(asObject(t.metadata['labels']))[PHI_LABEL]);
      if (tpl !== undefined) return { level: tpl ? 'phi' : 'none', source: 'workload-label' };
    }
    if (undeclared) return { level: 'phi', source: 'undeclared' };
    const ns = namespaceOf(r);
    if (ns === undefined) return { level: 'phi', source: 'undeclared' };
    return namespaces.get(ns)?.decision ?? { level: 'none', source: 'undeclared' };
  };

  return { undeclared, namespaces, namespaceOf, decide, namespaceLevel };
}
