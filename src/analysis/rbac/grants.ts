import type { Inventory } from '../../core/inventory.js';
import { labelsOf } from '../../core/resource.js';
import type { Binding, Subject } from './model.js';
import { describeSubject } from './model.js';

/** Groups that stand for (nearly) everyone: never treated as platform identities. */
export const BROAD_GROUPS: ReadonlySet<string> = new Set([
  'system:authenticated', 'system:unauthenticated', 'system:serviceaccounts',
]);

export const BREAK_GLASS_LABEL = 'phiguard.dev/break-glass';

/**
 * Identities Kubernetes itself runs as (system:kube-controller-manager, system:nodes, kube-system controllers bound by
 * system: bindings). Judged by the subject, not by the binding's name, which anyone can choose.
 */
export function isPlatformSubject(s: Subject, binding: Binding): boolean {
  if (s.kind === 'ServiceAccount') return s.namespace === 'kube-system' && binding.name.startsWith('system:');
  if (!s.name.startsWith('system:')) return false;
  if (s.name === 'system:anonymous' || BROAD_GROUPS.has(s.name) || s.name.startsWith('system:serviceaccounts:')) return false;
  // A system:serviceaccount:<ns>:<name> user is a ServiceAccount spelled as a User.
  return !s.name.startsWith('system:serviceaccount:');
}

export function isBreakGlass(binding: Binding): boolean {
  return labelsOf(binding.resource)[BREAK_GLASS_LABEL] === 'true';
}

/** True when the binding's grant reaches PHI: its namespace is in scope, or it is cluster-wide and PHI exists (or scope is undeclared). */
export function bindingReachesPhi(binding: Binding, inventory: Inventory): boolean {
  const scope = inventory.scope;
  if (binding.scope !== '*') {
    const level = scope.namespaceLevel(binding.scope);
    return level === 'phi' || level === 'phi-adjacent';
  }
  if (scope.undeclared) return true;
  for (const ns of scope.namespaces.keys()) if (scope.namespaceLevel(ns) === 'phi') return true;
  return false;
}

export function whereOf(binding: Binding): string {
  return binding.scope === '*' ? 'all namespaces' : `namespace "${binding.scope}"`;
}

export function listSubjects(subjects: readonly Subject[], max = 3): string {
  const shown = subjects.slice(0, max).map(describeSubject).join(', ');
  return subjects.length > max ? `${shown} and ${subjects.length - max} more` : shown;
}
