import type { Inventory } from '../../core/inventory.js';
import type { CapabilityHit, CapabilityId } from './capabilities.js';
import { capabilityIndex } from './capabilities.js';
import type { RbacModel } from './model.js';
import { describeRuleOrigin, describeSubject, subjectKey } from './model.js';

export const MATRIX_CAPABILITIES: readonly CapabilityId[] = ['read-secrets', 'exec', 'create-workloads', 'change-rbac', 'impersonate'];

export interface MatrixCell {
  readonly subject: string;
  readonly namespace: string;
  readonly capability: CapabilityId;
  /** Binding → role → rule paths that confer it. */
  readonly via: readonly string[];
}

export interface AccessMatrix {
  readonly namespaces: readonly string[];
  readonly subjects: readonly string[];
  readonly cells: readonly MatrixCell[];
}

/** PHI namespaces of the scan (every namespace when scope is undeclared). */
export function phiNamespaces(inventory: Inventory): string[] {
  return [...inventory.scope.namespaces.keys()].filter((ns) => inventory.scope.namespaceLevel(ns) === 'phi').sort();
}

/** Subjects × PHI namespaces × risky capabilities, each cell naming the bindings that grant it. */
export function accessMatrix(model: RbacModel, inventory: Inventory): AccessMatrix {
  const namespaces = phiNamespaces(inventory);
  const hitsOf = capabilityIndex(model);
  const cells = new Map<string, { subject: string; namespace: string; capability: CapabilityId; via: Set<string> }>();
  for (const b of model.bindings) {
    if (!b.role) continue;
    const targets = b.scope === '*' ? namespaces : namespaces.includes(b.scope) ? [b.scope] : [];
    if (targets.length === 0) continue;
    for (const cap of MATRIX_CAPABILITIES) {
      const hits: readonly CapabilityHit[] = hitsOf(b.role, cap);
      if (hits.length === 0) continue;
      const first = hits[0];
      const via = `${b.kind} ${b.namespace ? b.namespace + '/' : ''}${b.name} → ${first ? describeRuleOrigin(first.rule, b.role) : b.role.name}`;
      for (const { subject } of b.subjects) {
        for (const ns of targets) {
          const key = `${subjectKey(subject)}|${ns}|${cap}`;
          let cell = cells.get(key);
          if (!cell) cells.set(key, (cell = { subject: describeSubject(subject), namespace: ns, capability: cap, via: new Set() }));
          cell.via.add(via);
        }
      }
    }
  }
  const list = [...cells.values()].map((c): MatrixCell => ({ ...c, via: [...c.via].sort() }))
    .sort((a, b) => a.subject.localeCompare(b.subject) || a.namespace.localeCompare(b.namespace) ||
      MATRIX_CAPABILITIES.indexOf(a.capability) - MATRIX_CAPABILITIES.indexOf(b.capability));
  return { namespaces, subjects: [...new Set(list.map((c) => c.subject))], cells: list };
}
