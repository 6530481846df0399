import type { InputError } from './finding.js';
import { isNamespaced } from './kinds.js';
import type { KubeResource } from './resource.js';

export interface AppliedObjects {
  /** One object per identity, the last one given (what `kubectl apply` leaves in force), in input order. */
  readonly resources: readonly KubeResource[];
  /** One per object replaced by a later one of the same identity, naming both places. */
  readonly warnings: readonly InputError[];
}

/** Same API group, kind, namespace and name: the identity the API server keys objects by. */
function identityOf(r: KubeResource, defaultNamespace: string): string | undefined {
  if (!r.ref.name) return undefined;
  const slash = r.ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : r.ref.apiVersion.slice(0, slash);
  const ns = isNamespaced(r.ref.kind) ? (r.ref.namespace ?? defaultNamespace) : '';
  return `${group}\u0000${r.ref.kind}\u0000${ns}\u0000${r.ref.name}`;
}

/** Keeps the last of each set of duplicate objects, so what is judged is what would be applied. */
export function appliedObjects(resources: readonly KubeResource[], defaultNamespace: string): AppliedObjects {
  const last = new Map<string, number>();
  resources.forEach((r, i) => {
    const id = identityOf(r, defaultNamespace);
    if (id !== undefined) last.set(id, i);
  });
  if (last.size === resources.length) return { resources, warnings: [] };
  const kept: KubeResource[] = [];
  const warnings: InputError[] = [];
  resources.forEach((r, i) => {
    const id = identityOf(r, defaultNamespace);
    const winner = id === undefined ? i : (last.get(id) ?? i);
    if (winner === i) {
      kept.push(r);
      return;
    }
    const later = resources[winner];
    if (!later) return;
    const ns = r.ref.namespace && isNamespaced(r.ref.kind) ? `${r.ref.namespace}/` : '';
    warnings.push({ file: r.origin.file, line: r.origin.line, column: 1,
      message: `${r.ref.kind} "${ns}${r.ref.name}" is given again at ${later.origin.file}:${later.origin.line}; the later one is what apply leaves in force, and only it is judged` });
  });
  return { resources: kept, warnings };
}
