import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString, labelsOf } from '../../core/resource.js';
import type { BindingSubject } from './options.js';

/** Subjects of RoleBindings and ClusterRoleBindings, and the break-glass ones (label phiguard.dev/break-glass=true). */
export const BREAK_GLASS_LABEL = 'phiguard.dev/break-glass';

export interface BindingFacts {
  readonly subjects: BindingSubject[];
  readonly breakGlassGroups: string[];
  readonly breakGlassUsers: string[];
  readonly breakGlassBindings: string[];
}

export function bindingFacts(resources: readonly KubeResource[]): BindingFacts {
  const out: BindingFacts = { subjects: [], breakGlassGroups: [], breakGlassUsers: [], breakGlassBindings: [] };
  for (const r of resources) {
    if (r.ref.kind !== 'RoleBinding' && r.ref.kind !== 'ClusterRoleBinding') continue;
    const breakGlass = labelsOf(r)[BREAK_GLASS_LABEL] === 'true';
    if (breakGlass) out.breakGlassBindings.push(r.ref.namespace ? `${r.ref.name}/${r.ref.namespace}` : r.ref.name, r.ref.name);
    for (const s of asArray(r.object['subjects'])) {
      const o = asObject(s);
      const kind = asString(o?.['kind']);
      const name = asString(o?.['name']);
      if (!name || (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount')) continue;
      const full = kind === 'ServiceAccount' ? `system:serviceaccount:${asString(o?.['namespace']) ?? r.ref.namespace ?? 'default'}:${name}` : name;
      out.subjects.push({ kind, name: full, binding: r.ref });
      if (breakGlass && kind === 'Group') out.breakGlassGroups.push(full);
      if (breakGlass && kind === 'User') out.breakGlassUsers.push(full);
    }
  }
  return out;
}
