import type { Inventory } from '../../core/inventory.js';
import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString, labelsOf } from '../../core/resource.js';
import { matchesSelector } from '../../core/selector.js';
import { BUILTIN_ROLES } from './builtin-roles.js';
import type { AccessRequest, RbacRule, RuleMatch } from './rule-match.js';
import { parseRule, ruleAllows } from './rule-match.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface Subject {
  readonly kind: SubjectKind;
  readonly name: string;
  /** Only for ServiceAccounts. */
  readonly namespace?: string;
}

export interface RoleDef {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  readonly namespace?: string;
  /** The object in the input; absent for a built-in role phiguard supplied. */
  readonly resource?: KubeResource;
  readonly builtin: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly ownRules: readonly RbacRule[];
  /** clusterRoleSelectors of an aggregationRule; undefined when the role is not aggregated. */
  readonly aggregation?: readonly unknown[];
}

/** A rule as it applies to a role: `holder` is the role whose object contains it (another one for aggregated roles). */
export interface EffectiveRule {
  readonly rule: RbacRule;
  readonly holder: RoleDef;
  readonly index: number;
}

export interface Binding {
  readonly resource: KubeResource;
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  readonly namespace?: string;
  readonly roleRef: { readonly kind: string; readonly name: string };
  /** The role the binding resolves to; undefined when it is neither in the input nor built in. */
  readonly role?: RoleDef;
  readonly subjects: readonly { readonly subject: Subject; readonly index: number }[];
  /** The namespace the grant applies in, or '*' for a ClusterRoleBinding (every namespace and cluster-scoped objects). */
  readonly scope: string;
}

/** Why a subject holds a permission: binding → role → rule, checkable by a reader. */
export interface GrantPath {
  readonly binding: Binding;
  readonly subjectIndex: number;
  readonly subject: Subject;
  readonly rule: EffectiveRule;
  readonly match: Exclude<RuleMatch, false>;
}

export interface RbacModel {
  readonly roles: readonly RoleDef[];
  readonly bindings: readonly Binding[];
  role(kind: 'Role' | 'ClusterRole', name: string, namespace?: string): RoleDef | undefined;
  /** The rules a role grants, aggregation resolved. */
  rulesOf(role: RoleDef): readonly EffectiveRule[];
  bindingsOf(role: RoleDef): readonly Binding[];
  /**
   * Every binding path that allows the request in `namespace` ('*' = cluster-wide only; undefined = anywhere).
   * Bound subjects are returned as bound (a Group stays a Group).
   */
  whoCan(req: AccessRequest, namespace?: string): GrantPath[];
}

export function subjectKey(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace ?? ''}/${s.name}` : `${s.kind}:${s.name}`;
}

export function describeSubject(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace ?? '?'}/${s.name}` : `${s.kind} ${s.name}`;
}

/** JSON pointer of a rule inside its holder, for findings; '' when the holder is built in. */
export function rulePointer(r: EffectiveRule): string {
  return r.holder.resource ? `/rules/${r.index}` : '';
}

export function describeRuleOrigin(r: EffectiveRule, via: RoleDef): string {
  const at = r.holder.builtin ? `built-in ${r.holder.kind} "${r.holder.name}"` : `${r.holder.kind} "${r.holder.name}" rules[${r.index}]`;
  return r.holder === via ? at : `${at}, aggregated into ${via.kind} "${via.name}"`;
}

function roleKey(kind: string, name: string, namespace: string | undefined): string {
  return kind === 'ClusterRole' ? `ClusterRole/${name}` : `Role/${namespace ?? ''}/${name}`;
}

function parseSubject(v: unknown, bindingNamespace: string | undefined): Subject | undefined {
  const o = asObject(v);
  const kind = asString(o?.['kind']);
  const name = asString(o?.['name']);
  if (!o || !name || (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount')) return undefined;
  if (kind !== 'ServiceAccount') return { kind, name };
  // The API requires a namespace for ServiceAccount subjects; a missing one is read as the binding's own.
  return { kind, name, namespace: asString(o['namespace']) ?? bindingNamespace ?? 'default' };
}

export function buildRbacModel(inventory: Inventory): RbacModel {
  const roles: RoleDef[] = [];
  const byKey = new Map<string, RoleDef>();
  const defaultNs = (r: KubeResource): string | undefined => inventory.scope.namespaceOf(r);
  for (const res of inventory.ofKind('Role', 'ClusterRole')) {
    if (!res.ref.apiVersion.startsWith('rbac.authorization.k8s.io/')) continue;
    const kind = res.ref.kind as 'Role' | 'ClusterRole';
    const ns = kind === 'Role' ? defaultNs(res) : undefined;
    const agg = asObject(res.object['aggregationRule']);
    const role: RoleDef = {
      kind, name: res.ref.name, ...(ns !== undefined ? { namespace: ns } : {}), resource: res, builtin: false,
      labels: labelsOf(res),
      ownRules: asArray(res.object['rules']).map(parseRule).filter((x): x is RbacRule => x !== undefined),
      ...(kind === 'ClusterRole' && agg ? { aggregation: asArray(agg['clusterRoleSelectors']) } : {}),
    };
    const key = roleKey(kind, role.name, ns);
    if (!byKey.has(key)) { byKey.set(key, role); roles.push(role); }
  }
  for (const b of BUILTIN_ROLES) {
    const key = roleKey('ClusterRole', b.name, undefined);
    if (byKey.has(key)) continue;
    const role: RoleDef = {
      kind: 'ClusterRole', name: b.name, builtin: true, labels: b.labels, ownRules: b.rules,
      ...(b.aggregateFrom ? { aggregation: b.aggregateFrom.map((m) => ({ matchLabels: m })) } : {}),
    };
    byKey.set(key, role);
    roles.push(role);
  }
  const clusterRoles = roles.filter((r) => r.kind === 'ClusterRole');

  const rulesCache = new Map<RoleDef, EffectiveRule[]>();
  const rulesOf = (role: RoleDef, outer?: Set<RoleDef>): EffectiveRule[] => {
    const cached = rulesCache.get(role);
    if (cached) return cached;
    const own = role.ownRules.map((rule, index) => ({ rule, holder: role, index }));
    if (!role.aggregation) { rulesCache.set(role, own); return own; }
    // Made only here: rulesOf is asked once per binding and rule check, and almost always answers from the cache.
    const visiting = outer ?? new Set<RoleDef>();
    visiting.add(role);
    // The aggregation controller replaces rules with the union of the selected roles'; rules already listed (a dump) are kept.
    const out: EffectiveRule[] = [...own];
    const seen = new Set<string>();
    for (const sel of role.aggregation) {
      for (const cr of clusterRoles) {
        if (cr === role || visiting.has(cr) || seen.has(cr.name) || !matchesSelector(sel, cr.labels)) continue;
        seen.add(cr.name);
        for (const er of rulesOf(cr, visiting)) out.push(er);
      }
    }
    visiting.delete(role);
    // Only cache at the top level, so a cycle cut short never sticks.
    if (visiting.size === 0) rulesCache.set(role, out);
    return out;
  };

  const bindings: Binding[] = [];
  const bindingsByRole = new Map<RoleDef, Binding[]>();
  for (const res of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
    if (!res.ref.apiVersion.startsWith('rbac.authorization.k8s.io/')) continue;
    const kind = res.ref.kind as 'RoleBinding' | 'ClusterRoleBinding';
    const ns = kind === 'RoleBinding' ? defaultNs(res) : undefined;
    const ref = asObject(res.object['roleRef']);
    const refKind = asString(ref?.['kind']) ?? '';
    const refName = asString(ref?.['name']) ?? '';
    // A ClusterRoleBinding can only reference a ClusterRole; a Role reference there is invalid and grants nothing.
    const role = refKind === 'ClusterRole' ? byKey.get(roleKey('ClusterRole', refName, undefined))
      : refKind === 'Role' && kind === 'RoleBinding' ? byKey.get(roleKey('Role', refName, ns)) : undefined;
    const subjects: { subject: Subject; index: number }[] = [];
    asArray(res.object['subjects']).forEach((s, index) => {
      const subject = parseSubject(s, ns);
      if (subject) subjects.push({ subject, index });
    });
    const binding: Binding = {
      resource: res, kind, name: res.ref.name, ...(ns !== undefined ? { namespace: ns } : {}),
      roleRef: { kind: refKind, name: refName }, ...(role ? { role } : {}), subjects, scope: kind === 'ClusterRoleBinding' ? '*' : (ns ?? 'default'),
    };
    bindings.push(binding);
    if (role) {
      let list = bindingsByRole.get(role);
      if (!list) bindingsByRole.set(role, (list = []));
      list.push(binding);
    }
  }

  return {
    roles,
    bindings,
    role: (kind, name, namespace) => byKey.get(roleKey(kind, name, namespace)),
    rulesOf: (role) => rulesOf(role),
    bindingsOf: (role) => bindingsByRole.get(role) ?? [],
    whoCan(req, namespace) {
      const out: GrantPath[] = [];
      for (const binding of bindings) {
        if (!binding.role) continue;
        if (namespace === '*' && binding.scope !== '*') continue;
        if (namespace !== undefined && namespace !== '*' && binding.scope !== '*' && binding.scope !== namespace) continue;
        for (const er of rulesOf(binding.role)) {
          const match = ruleAllows(er.rule, req);
          if (!match) continue;
          for (const s of binding.subjects) out.push({ binding, subjectIndex: s.index, subject: s.subject, rule: er, match });
        }
      }
      return out;
    },
  };
}

/** Groups every identity of this kind implicitly belongs to, for effective permissions. */
export function implicitGroups(s: Subject): string[] {
  if (s.kind === 'Group') return [];
  if (s.kind === 'ServiceAccount') return ['system:authenticated', 'system:serviceaccounts', `system:serviceaccounts:${s.namespace ?? ''}`];
  return s.name === 'system:anonymous' ? ['system:unauthenticated'] : ['system:authenticated'];
}

/** True when a binding path reaches `subject`, directly or through a group it implicitly belongs to. */
export function pathReaches(path: GrantPath, subject: Subject): boolean {
  if (subjectKey(path.subject) === subjectKey(subject)) return true;
  return path.subject.kind === 'Group' && implicitGroups(subject).includes(path.subject.name);
}
