import type { Inventory } from '../../core/inventory.js';
import type { JsonObject, KubeResource } from '../../core/resource.js';
import { apiGroupOf, asArray, asObject, asString, labelsOf } from '../../core/resource.js';

/** An admission control that enforces (denies), and the namespaces it applies to. */
export interface Enforcer {
  readonly resource: KubeResource;
  readonly what: string;
  covers(ns: string): boolean;
}

function excludedNamespaces(rule: JsonObject): string[] {
  const ex = asObject(rule['exclude']);
  const fromAny = asArray(ex?.['any']).flatMap((a) => asArray(asObject(asObject(a)?.['resources'])?.['namespaces']));
  const fromRes = asArray(asObject(ex?.['resources'])?.['namespaces']);
  return [...fromAny, ...fromRes].map(String);
}

function kyvernoEnforces(policy: JsonObject, rule: JsonObject, sub: JsonObject | undefined): boolean {
  const action = asString(sub?.['failureAction']) ?? asString(policy['validationFailureAction']) ?? 'Audit';
  return action.toLowerCase() === 'enforce';
}

/** Kyverno / Gatekeeper / ValidatingAdmissionPolicy / PSA enforcement of pod rules, per namespace. */
export function podPolicyEnforcers(inventory: Inventory): Enforcer[] {
  const out: Enforcer[] = [];
  for (const r of inventory.ofKind('ClusterPolicy', 'Policy')) {
    if (apiGroupOf(r.ref.apiVersion) !== 'kyverno.io') continue;
    const spec = asObject(r.object['spec']) ?? {};
    const ownNs = r.ref.kind === 'Policy' ? inventory.scope.namespaceOf(r) : undefined;
    for (const raw of asArray(spec['rules'])) {
      const rule = asObject(raw);
      const validate = asObject(rule?.['validate']);
      if (!rule || !validate || !kyvernoEnforces(spec, rule, validate)) continue;
      const excluded = excludedNamespaces(rule);
      out.push({ resource: r, what: `Kyverno ${r.ref.kind} ${r.ref.name} rule ${asString(rule['name']) ?? '?'}`, covers: (ns) => (ownNs === undefined || ownNs === ns) && !excluded.includes(ns) });
    }
  }
  for (const r of inventory.resources) {
    if (apiGroupOf(r.ref.apiVersion) !== 'constraints.gatekeeper.sh') continue;
    const spec = asObject(r.object['spec']) ?? {};
    const action = asString(spec['enforcementAction']) ?? 'deny';
    if (action !== 'deny') continue;
    const match = asObject(spec['match']) ?? {};
    const only = asArray(match['namespaces']).map(String);
    const excluded = asArray(match['excludedNamespaces']).map(String);
    out.push({ resource: r, what: `Gatekeeper ${r.ref.kind} ${r.ref.name}`, covers: (ns) => (only.length === 0 || only.includes(ns)) && !excluded.includes(ns) });
  }
  for (const r of inventory.ofKind('ValidatingAdmissionPolicyBinding')) {
    const actions = asArray(asObject(r.object['spec'])?.['validationActions']).map(String);
    if (!actions.includes('Deny')) continue;
    out.push({ resource: r, what: `ValidatingAdmissionPolicyBinding ${r.ref.name}`, covers: () => true });
  }
  return out;
}

/** Image-signature verifiers that enforce, per namespace. */
export function signatureEnforcers(inventory: Inventory): Enforcer[] {
  const out: Enforcer[] = [];
  const nsLabels = new Map(inventory.ofKind('Namespace').map((n) => [n.ref.name, labelsOf(n)]));
  for (const r of inventory.ofKind('ClusterPolicy', 'Policy')) {
    if (apiGroupOf(r.ref.apiVersion) !== 'kyverno.io') continue;
    const spec = asObject(r.object['spec']) ?? {};
    const ownNs = r.ref.kind === 'Policy' ? inventory.scope.namespaceOf(r) : undefined;
    for (const raw of asArray(spec['rules'])) {
      const rule = asObject(raw);
      const verify = asArray(rule?.['verifyImages']).map((v) => asObject(v) ?? {});
      if (!rule || verify.length === 0) continue;
      if (!verify.some((v) => v['required'] !== false && kyvernoEnforces(spec, rule, v))) continue;
      const excluded = excludedNamespaces(rule);
      out.push({ resource: r, what: `Kyverno ${r.ref.kind} ${r.ref.name} verifyImages`, covers: (ns) => (ownNs === undefined || ownNs === ns) && !excluded.includes(ns) });
    }
  }
  for (const r of inventory.ofKind('ImageValidatingPolicy')) {
    const actions = asArray(asObject(r.object['spec'])?.['validationActions']).map(String);
    if (actions.length > 0 && !actions.includes('Deny')) continue;
    out.push({ resource: r, what: `ImageValidatingPolicy ${r.ref.name}`, covers: () => true });
  }
  for (const r of inventory.ofKind('ClusterImagePolicy')) {
    if (apiGroupOf(r.ref.apiVersion) !== 'policy.sigstore.dev') continue;
    const mode = asString(asObject(r.object['spec'])?.['mode']) ?? 'enforce';
    if (mode !== 'enforce') continue;
    // policy-controller only checks namespaces that opt in with this label.
    out.push({ resource: r, what: `sigstore ClusterImagePolicy ${r.ref.name}`, covers: (ns) => nsLabels.get(ns)?.['policy.sigstore.dev/include'] === 'true' });
  }
  return out;
}
