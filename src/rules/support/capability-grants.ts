import type { RuleContext } from '../../core/rule.js';
import { bindingCause } from '../../core/causes.js';
import type { Severity } from '../../catalog/severity.js';
import type { CapabilityHit, CapabilityId } from '../../analysis/rbac/capabilities.js';
import { summarizeHits } from '../../analysis/rbac/capabilities.js';
import { isPlatformRoleName } from '../../analysis/rbac/builtin-roles.js';
import type { Binding, RoleDef, Subject } from '../../analysis/rbac/model.js';
import { describeRuleOrigin } from '../../analysis/rbac/model.js';
import { bindingReachesPhi, isPlatformSubject, listSubjects, whereOf } from '../../analysis/rbac/grants.js';
import { capabilitiesOf, rbacOf } from '../../analysis/shared-models.js';

/** Messages every capability rule declares: a bound grant and an unbound role definition. */
export const GRANT_MESSAGES = {
  granted: '{{bindingKind}} "{{binding}}" gives {{subjects}} {{what}} in {{where}} through {{origin}}.',
  unbound: '{{roleKind}} "{{role}}" allows {{what}} (rules[{{index}}]); no binding in the input uses it, so any binding to it would grant this.',
} as const;

export interface CapabilityRuleOptions {
  readonly caps: readonly CapabilityId[];
  /** The control is about PHI namespaces only: skip grants that do not reach PHI. */
  readonly phiOnly?: boolean;
  /** Subjects not to report (beyond platform identities). */
  readonly exempt?: (s: Subject, b: Binding) => boolean;
  /** Keeps only the hits that confer the risk together (e.g. writing bindings only matters with bind). */
  readonly filter?: (hits: readonly CapabilityHit[]) => readonly CapabilityHit[];
  /** Severity for a bound grant, when it differs from the catalog's. */
  readonly severity?: (b: Binding, hits: readonly CapabilityHit[]) => Severity | undefined;
}

function originOf(hits: readonly CapabilityHit[], role: RoleDef): string {
  const seen = new Map<string, CapabilityHit>();
  for (const h of hits) seen.set(`${h.rule.holder.kind}/${h.rule.holder.name}/${h.rule.index}`, h);
  const parts = [...seen.values()].slice(0, 2).map((h) => describeRuleOrigin(h.rule, role));
  const more = seen.size > 2 ? ` and ${seen.size - 2} more rules` : '';
  const names = hits.every((h) => h.match === 'names')
    ? ` (only for resourceNames ${[...new Set(hits.flatMap((h) => h.rule.rule.resourceNames))].join(', ')})` : '';
  return parts.join('; ') + more + names;
}

/** The input a binding rule judges: any RBAC binding. */
export function hasBindings(context: RuleContext): boolean {
  return rbacOf(context).bindings.length > 0;
}

/** The input a capability rule judges: any RBAC object; without one the control stays not-evaluated rather than passing. */
export function hasGrantInput(context: RuleContext): boolean {
  const model = rbacOf(context);
  return model.bindings.length > 0 || model.roles.some((r) => !r.builtin);
}

/** Reports every binding that confers one of the capabilities, naming binding, subjects, role and rule. */
export function reportCapabilityGrants(context: RuleContext, opts: CapabilityRuleOptions): void {
  const model = rbacOf(context);
  const hitsOf = capabilitiesOf(context);
  for (const binding of model.bindings) {
    if (!binding.role) continue;
    const phi = bindingReachesPhi(binding, context.inventory);
    if (opts.phiOnly && !phi) continue;
    const all = opts.caps.length === 1 ? hitsOf(binding.role, opts.caps[0] as CapabilityId) : opts.caps.flatMap((c) => hitsOf(binding.role as RoleDef, c));
    const hits = opts.filter ? opts.filter(all) : all;
    if (hits.length === 0) continue;
    const subjects = binding.subjects.map((s) => s.subject).filter((s) => !isPlatformSubject(s, binding) && !opts.exempt?.(s, binding));
    if (subjects.length === 0) continue;
    const severity = opts.severity?.(binding, hits);
    context.report({
      resource: binding.resource,
      path: '/roleRef/name',
      messageId: 'granted',
      data: {
        bindingKind: binding.kind, binding: binding.name, subjects: listSubjects(subjects), what: summarizeHits(hits),
        where: whereOf(binding), origin: originOf(hits, binding.role),
      },
      ...(binding.scope === '*' ? { phi } : {}),
      ...(severity ? { severity } : {}),
      cause: bindingCause(binding.resource.ref),
    });
  }
  reportUnboundDefinitions(context, opts);
}

/** Roles in the input that confer a capability but that no binding in the input uses: latent grants, reported low. */
function reportUnboundDefinitions(context: RuleContext, opts: CapabilityRuleOptions): void {
  const model = rbacOf(context);
  const hitsOf = capabilitiesOf(context);
  for (const role of model.roles) {
    if (role.builtin || !role.resource || isPlatformRoleName(role.name) || model.bindingsOf(role).length > 0) continue;
    // Rules of a role aggregated into another role are reported through that role's bindings.
    if (Object.keys(role.labels).some((k) => k.startsWith('rbac.authorization.k8s.io/aggregate-to-'))) continue;
    const byRule = new Map<number, CapabilityHit[]>();
    const all = opts.caps.flatMap((c) => hitsOf(role, c));
    {
      for (const h of opts.filter ? opts.filter(all) : all) {
        if (h.rule.holder !== role) continue;
        let list = byRule.get(h.rule.index);
        if (!list) byRule.set(h.rule.index, (list = []));
        list.push(h);
      }
    }
    for (const [index, hits] of byRule) {
      context.report({
        resource: role.resource,
        path: `/rules/${index}`,
        messageId: 'unbound',
        data: { roleKind: role.kind, role: role.name, what: summarizeHits(hits), index },
        severity: 'low',
        ...(role.kind === 'ClusterRole' ? { phi: true } : {}),
      });
    }
  }
}
