import { DEFAULT_CONFIG } from '../../core/config.js';
import type { KubeResource } from '../../core/resource.js';
import { buildScopeIndex } from '../../core/scope.js';
import { parseManifests } from '../../sources/parse.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';
import type { Opts } from './args.js';
import { list, readText } from './args.js';

/** PHI scope of review and detect; with nothing declared every namespace is PHI. */
export const SCOPE_OPTIONS = {
  'phi-namespace': { type: 'string', multiple: true, value: 'NS', help: 'a PHI namespace' },
  'scope-from': { type: 'string', multiple: true, value: 'FILE', help: 'Namespace manifests; those labelled phiguard.dev/scope=phi are PHI' },
} as const;

export const BINDINGS_OPTIONS = {
  bindings: { type: 'string', multiple: true, value: 'FILE', help: 'RoleBindings/ClusterRoleBindings (break-glass bindings; HK-AL-006/010)' },
  'break-glass-group': { type: 'string', multiple: true, value: 'G', help: 'a group whose use is break-glass access' },
} as const;

export function manifests(io: CliIo, files: readonly string[]): KubeResource[] {
  const out: KubeResource[] = [];
  for (const f of files) {
    const parsed = parseManifests(f, readText(io, f, 'manifest file'));
    for (const e of parsed.errors) io.stderr.write(`${e.file}:${e.line}: ${e.message}\n`);
    if (parsed.errors.length > 0) throw new UsageError(`${f} has errors`);
    for (const r of parsed.resources) out.push(r);
  }
  return out;
}

/** PHI scope for audit: named namespaces and Namespace manifests, resolved as scan resolves them. */
export function phiPredicate(io: CliIo, v: Opts): { isPhi: (ns: string) => boolean; describe: string } {
  const names = list(v, 'phi-namespace');
  const resources = manifests(io, list(v, 'scope-from'));
  const index = buildScopeIndex(resources, { ...DEFAULT_CONFIG, phiNamespaces: { names, patterns: [], selectors: [] } });
  if (index.undeclared) return { isPhi: () => true, describe: 'no PHI scope declared: every namespace is PHI' };
  const phi = [...index.namespaces.values()].filter((n) => n.decision.level === 'phi').map((n) => n.name);
  // A request across all namespaces ('') reaches PHI whenever any namespace is PHI.
  return { isPhi: (ns) => (ns === '' ? phi.length > 0 : index.namespaceLevel(ns) === 'phi'), describe: `PHI namespaces: ${phi.join(', ') || '(none)'}` };
}
