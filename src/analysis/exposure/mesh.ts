import type { Inventory } from '../../core/inventory.js';
import type { KubeResource } from '../../core/resource.js';
import { annotationsOf, asObject, asString, labelsOf, stringMap } from '../../core/resource.js';
import type { PodEndpoint } from '../network/model.js';

export type MeshState = 'strict' | 'permissive' | 'disabled' | 'opportunistic' | 'none';

export interface MeshVerdict {
  readonly mesh: 'istio' | 'linkerd' | 'none';
  readonly state: MeshState;
  /** What decides the state, for the finding: the PeerAuthentication, the label or annotation. */
  readonly why: string;
  readonly decidedBy?: KubeResource;
}

const ISTIO_ROOT = 'istio-system';
const LINKERD_STRICT = new Set(['all-authenticated', 'cluster-authenticated', 'deny']);

interface PeerAuth { readonly resource: KubeResource; readonly namespace: string; readonly selector?: Record<string, string>; readonly mode: string }

/** Service-mesh mTLS per pod: Istio PeerAuthentication precedence (workload > namespace > mesh root) and Linkerd annotations. */
export interface MeshModel {
  readonly present: boolean;
  verdict(pod: PodEndpoint): MeshVerdict;
  /** DestinationRules that switch client TLS off, by namespace. */
  readonly tlsDisabledRules: readonly KubeResource[];
  /** PeerAuthentications that accept plaintext (PERMISSIVE or DISABLE, for the whole scope or a port), whatever pods they select. */
  readonly weakPolicies: readonly { readonly resource: KubeResource; readonly namespace: string; readonly why: string }[];
}

export function buildMeshModel(inventory: Inventory): MeshModel {
  const nsLabels = new Map<string, Record<string, string>>();
  const nsAnnotations = new Map<string, Record<string, string>>();
  for (const ns of inventory.ofKind('Namespace')) { nsLabels.set(ns.ref.name, labelsOf(ns)); nsAnnotations.set(ns.ref.name, annotationsOf(ns)); }
  const auths: PeerAuth[] = [];
  for (const r of inventory.ofKind('PeerAuthentication')) {
    const spec = asObject(r.object['spec']) ?? {};
    const sel = asObject(spec['selector']);
    const mode = asString(asObject(spec['mtls'])?.['mode']) ?? 'UNSET';
    auths.push({ resource: r, namespace: inventory.scope.namespaceOf(r) ?? 'default', mode, ...(sel ? { selector: stringMap(sel['matchLabels']) } : {}) });
  }
  const tlsDisabledRules = inventory.ofKind('DestinationRule').filter((r) =>
    asString(asObject(asObject(asObject(r.object['spec'])?.['trafficPolicy'])?.['tls'])?.['mode']) === 'DISABLE');
  const istioSeen = auths.length > 0 || [...nsLabels.values()].some((l) => l['istio-injection'] === 'enabled' || l['istio.io/rev'] !== undefined || l['istio.io/dataplane-mode'] === 'ambient');
  const linkerdSeen = [...nsAnnotations.values()].some((a) => a['linkerd.io/inject'] === 'enabled') ||
    inventory.podSpecs.some((p) => stringMap(p.template.metadata['annotations'])['linkerd.io/inject'] === 'enabled');

  const verdict = (pod: PodEndpoint): MeshVerdict => {
    const podAnn = stringMap(pod.node.template.metadata['annotations']);
    const labels = nsLabels.get(pod.namespace) ?? {};
    const nsAnn = nsAnnotations.get(pod.namespace) ?? {};
    const linkerd = podAnn['linkerd.io/inject'] ?? nsAnn['linkerd.io/inject'];
    if (linkerd === 'enabled') {
      const policy = podAnn['config.linkerd.io/default-inbound-policy'] ?? nsAnn['config.linkerd.io/default-inbound-policy'];
      const skip = podAnn['config.linkerd.io/skip-inbound-ports'];
      if (skip) return { mesh: 'linkerd', state: 'permissive', why: `config.linkerd.io/skip-inbound-ports "${skip}" bypasses the proxy` };
      if (policy && LINKERD_STRICT.has(policy)) return { mesh: 'linkerd', state: 'strict', why: `Linkerd default-inbound-policy ${policy}` };
      return { mesh: 'linkerd', state: 'opportunistic', why: `Linkerd meshed, but default-inbound-policy is ${policy ?? 'all-unauthenticated (default)'}: plaintext is still accepted` };
    }
    const enrolled = (labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined || labels['istio.io/dataplane-mode'] === 'ambient' ||
      pod.labels['sidecar.istio.io/inject'] === 'true') && podAnn['sidecar.istio.io/inject'] !== 'false' && pod.labels['sidecar.istio.io/inject'] !== 'false';
    if (!enrolled) {
      if (podAnn['sidecar.istio.io/inject'] === 'false' || pod.labels['sidecar.istio.io/inject'] === 'false') return { mesh: 'istio', state: 'none', why: 'sidecar.istio.io/inject is "false" on the pod' };
      return { mesh: 'none', state: 'none', why: istioSeen || linkerdSeen ? `namespace "${pod.namespace}" is not enrolled in the mesh` : 'no service mesh in the input' };
    }
    const workload = auths.find((a) => a.namespace === pod.namespace && a.selector && Object.keys(a.selector).length > 0 &&
      Object.entries(a.selector).every(([k, v]) => pod.labels[k] === v));
    const nsWide = auths.find((a) => a.namespace === pod.namespace && (!a.selector || Object.keys(a.selector).length === 0));
    const root = auths.find((a) => a.namespace === ISTIO_ROOT && (!a.selector || Object.keys(a.selector).length === 0));
    for (const a of [workload, nsWide, root]) {
      if (!a || a.mode === 'UNSET') continue;
      const ref = `PeerAuthentication ${a.namespace}/${a.resource.ref.name} mode ${a.mode}`;
      const port = asObject(asObject(a.resource.object['spec'])?.['portLevelMtls']);
      const weakPort = port && Object.entries(port).find(([, v]) => ['PERMISSIVE', 'DISABLE'].includes(asString(asObject(v)?.['mode']) ?? ''));
      if (a.mode === 'STRICT' && weakPort) return { mesh: 'istio', state: 'permissive', why: `${ref}, but portLevelMtls ${weakPort[0]} is ${asString(asObject(weakPort[1])?.['mode']) ?? ''}`, decidedBy: a.resource };
      return { mesh: 'istio', state: a.mode === 'STRICT' ? 'strict' : a.mode === 'DISABLE' ? 'disabled' : 'permissive', why: ref, decidedBy: a.resource };
    }
    return { mesh: 'istio', state: 'permissive', why: 'Istio sidecar enrolled but no PeerAuthentication: PERMISSIVE by default' };
  };
  const weakPolicies = auths.flatMap((a) => {
    const port = asObject(asObject(a.resource.object['spec'])?.['portLevelMtls']);
    const weakPort = port && Object.entries(port).find(([, v]) => ['PERMISSIVE', 'DISABLE'].includes(asString(asObject(v)?.['mode']) ?? ''));
    const why = a.mode === 'PERMISSIVE' || a.mode === 'DISABLE' ? `mode ${a.mode}`
      : weakPort ? `portLevelMtls ${weakPort[0]} is ${asString(asObject(weakPort[1])?.['mode']) ?? ''}` : undefined;
    return why ? [{ resource: a.resource, namespace: a.namespace, why }] : [];
  });
  return { present: istioSeen || linkerdSeen, verdict, tlsDisabledRules, weakPolicies };
}
