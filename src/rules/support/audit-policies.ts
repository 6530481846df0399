import type { KubeResource } from '../../core/resource.js';
import type { RuleContext } from '../../core/rule.js';
import { askForFile, controlPlaneOf, providerName } from '../../controlplane/model.js';
import { SYSTEM_NAMESPACES } from '../../core/kinds.js';


/** Every audit Policy given, plus a "give <path>" note for a --audit-policy-file that was not given. */
export function auditPoliciesFor(context: RuleContext): readonly KubeResource[] {
  const model = controlPlaneOf(context);
  for (const c of model.components.get('kube-apiserver') ?? []) {
    const f = c.flags.get('audit-policy-file');
    if (f && 'missing' in model.fileOf(f, 'Policy')) askForFile(context, 'kube-apiserver', f, 'an audit Policy');
  }
  if (model.auditPolicies.length > 0) context.markEvaluated();
  else if (context.config.provider && (model.components.get('kube-apiserver') ?? []).length === 0) {
    context.notApplicable(`provider-managed: ${providerName(context.config.provider)} sets the audit policy; enable its audit log export (HK-AU-001)`);
  }
  return model.auditPolicies;
}

/** Namespaces to simulate requests in: the PHI namespaces, or every non-system namespace seen when no scope is declared. */
export function phiNamespacesOf(context: RuleContext): string[] {
  const scope = context.inventory.scope;
  const names = [...scope.namespaces.keys()].filter((n) => !SYSTEM_NAMESPACES.has(n) && (scope.undeclared || scope.namespaceLevel(n) === 'phi'));
  return names.length > 0 ? names.sort() : ['default'];
}
