import type { ScanConfig } from './config.js';
import { appliedObjects } from './duplicates.js';
import type { InputError } from './finding.js';
import type { JsonObject, KubeResource } from './resource.js';
import { asArray, asObject, asString } from './resource.js';
import type { PodTemplate } from './kinds.js';
import { isNamespaced, podTemplateOf } from './kinds.js';
import type { ScopeIndex } from './scope.js';
import { buildScopeIndex } from './scope.js';

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface PodSpecNode {
  /** The workload that owns the pod template; findings are reported against it. */
  readonly resource: KubeResource;
  readonly template: PodTemplate;
  readonly namespace: string;
}

export interface ContainerNode {
  readonly pod: PodSpecNode;
  readonly container: JsonObject;
  readonly name: string;
  readonly kind: ContainerKind;
  /** JSON pointer of the container inside the owning resource. */
  readonly path: string;
}

export interface Inventory {
  /** The objects judged: of duplicates (same group, kind, namespace, name) only the last one given. */
  readonly resources: readonly KubeResource[];
  /** One input warning per object a later duplicate replaced. */
  readonly duplicates: readonly InputError[];
  readonly scope: ScopeIndex;
  ofKind(...kinds: string[]): readonly KubeResource[];
  /** The resource of that kind and name (in that namespace, for namespaced kinds), by index. */
  get(kind: string, namespace: string | undefined, name: string): KubeResource | undefined;
  inNamespace(ns: string): readonly KubeResource[];
  /** Every pod template of every workload, Pods included. */
  readonly podSpecs: readonly PodSpecNode[];
  containersOf(pod: PodSpecNode): readonly ContainerNode[];
}

const CONTAINER_KINDS: readonly ContainerKind[] = ['containers', 'initContainers', 'ephemeralContainers'];

export function containersOf(pod: PodSpecNode): ContainerNode[] {
  const out: ContainerNode[] = [];
  for (const kind of CONTAINER_KINDS) {
    asArray(pod.template.spec[kind]).forEach((c, i) => {
      const container = asObject(c);
      if (!container) return;
      out.push({ pod, container, kind, name: asString(container['name']) ?? `#${i}`, path: `${pod.template.path}/spec/${kind}/${i}` });
    });
  }
  return out;
}

export function buildInventory(given: readonly KubeResource[], config: ScanConfig): Inventory {
  const applied = appliedObjects(given, config.defaultNamespace);
  const resources = applied.resources;
  const byKind = new Map<string, KubeResource[]>();
  const byNamespace = new Map<string, KubeResource[]>();
  const scope = buildScopeIndex(resources, config);
  const podSpecs: PodSpecNode[] = [];
  // kind → namespace ('' when cluster-scoped) → name; nested maps rather than a joined key string per resource.
  const byKey = new Map<string, Map<string, Map<string, KubeResource>>>();
  const lookup = (kind: string, ns: string | undefined, name: string): KubeResource | undefined => byKey.get(kind)?.get(ns ?? '')?.get(name);
  for (const r of resources) {
    const ns = (r.ref.kind === 'Namespace' ? undefined : scope.namespaceOf(r)) ?? '';
    let inKind = byKey.get(r.ref.kind);
    if (!inKind) byKey.set(r.ref.kind, (inKind = new Map()));
    let inNs = inKind.get(ns);
    if (!inNs) inKind.set(ns, (inNs = new Map()));
    inNs.set(r.ref.name, r);
  }
  // A Pod or ReplicaSet whose controller is in the input too is reported once, through the controller.
  const ownedByInput = (r: KubeResource, ns: string | undefined): boolean =>
    asArray(asObject(r.object['metadata'])?.['ownerReferences']).some((o) => {
      const owner = asObject(o);
      return owner?.['controller'] === true && lookup(asString(owner['kind']) ?? '', ns, asString(owner['name']) ?? '') !== undefined;
    });
  for (const r of resources) {
    let list = byKind.get(r.ref.kind);
    if (!list) byKind.set(r.ref.kind, (list = []));
    list.push(r);
    const ns = scope.namespaceOf(r);
    if (ns !== undefined && r.ref.kind !== 'Namespace') {
      let nsList = byNamespace.get(ns);
      if (!nsList) byNamespace.set(ns, (nsList = []));
      nsList.push(r);
    }
    const template = podTemplateOf(r);
    if (template && !ownedByInput(r, ns)) podSpecs.push({ resource: r, template, namespace: ns ?? config.defaultNamespace });
  }
  return {
    resources,
    duplicates: applied.warnings,
    scope,
    ofKind: (...kinds) => (kinds.length === 1 ? (byKind.get(kinds[0] ?? '') ?? []) : kinds.flatMap((k) => byKind.get(k) ?? [])),
    inNamespace: (ns) => byNamespace.get(ns) ?? [],
    get: (kind, namespace, name) => lookup(kind, isNamespaced(kind) ? namespace : undefined, name),
    podSpecs,
    containersOf,
  };
}
