import type { Inventory, PodSpecNode } from '../../core/inventory.js';
import { asArray, asObject, asString, labelsOf, stringMap } from '../../core/resource.js';
import { matchesSelector } from '../../core/selector.js';
import type { IpRange } from '../../core/ip.js';
import { overlaps, parseCidr } from '../../core/ip.js';
import type { ParsedPolicy, Peer, PolicyRule, Protocol } from './policy.js';
import { parsePolicy } from './policy.js';
import type { CiliumSelection } from './cilium.js';
import { ciliumSelecting } from './cilium.js';

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** A workload's pods, as one endpoint: every replica shares labels, ports and policies. */
export interface PodEndpoint {
  readonly node: PodSpecNode;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ContainerPort[];
  readonly ingressPolicies: ParsedPolicy[];
  readonly egressPolicies: ParsedPolicy[];
  /** Cilium policies that select the pod, per direction: NetworkPolicies alone may not decide its traffic. */
  readonly cilium: { readonly ingress?: CiliumSelection; readonly egress?: CiliumSelection };
}

export type Endpoint =
  | { readonly kind: 'pod'; readonly pod: PodEndpoint }
  | { readonly kind: 'ip'; readonly range: IpRange; readonly text: string };

export interface RuleRef {
  readonly policy: ParsedPolicy;
  readonly rule: PolicyRule;
}

export interface DirectionVerdict {
  /** Whether some policy selecting the pod isolates it in this direction. */
  readonly isolated: boolean;
  readonly allowed: boolean;
  /** Rules that allow the connection. */
  readonly allowedBy: readonly RuleRef[];
  /** Policies that isolate the pod (they decide a denial). */
  readonly isolatedBy: readonly ParsedPolicy[];
  /** Why NetworkPolicies do not decide this direction (a Cilium policy selects the pod); `allowed` is then not a verdict. */
  readonly undecided?: string;
}

export interface ReachVerdict {
  readonly allowed: boolean;
  /** undefined when the source is outside the cluster (no egress policy applies). */
  readonly egress?: DirectionVerdict;
  /** undefined when the destination is outside the cluster. */
  readonly ingress?: DirectionVerdict;
  /** Set when no side denies for certain and some side is undecided; `allowed` is then not a verdict. */
  readonly undecided?: string;
}

export interface NetworkModel {
  readonly pods: readonly PodEndpoint[];
  readonly policies: readonly ParsedPolicy[];
  readonly namespaces: readonly string[];
  namespaceLabels(ns: string): Readonly<Record<string, string>>;
  podsIn(ns: string): readonly PodEndpoint[];
  policiesIn(ns: string): readonly ParsedPolicy[];
  selectedBy(policy: ParsedPolicy): readonly PodEndpoint[];
  podOf(node: PodSpecNode): PodEndpoint | undefined;
  /** Whether src may open a connection to dst (on `port`, or on some port when undefined). */
  reach(src: Endpoint, dst: Endpoint, port?: number, protocol?: Protocol): ReachVerdict;
  /** Egress of `pod` towards any address of `ranges`. */
  egressTo(pod: PodEndpoint, ranges: readonly IpRange[], port?: number): DirectionVerdict;
  /** Namespaces (known to the input) a peer's namespaceSelector matches; undefined for peers without one. */
  namespacesMatching(peer: Peer): readonly string[] | undefined;
  /** "ns/name", "name" or an IP/CIDR; throws with a clear message when ambiguous or unknown. */
  endpoint(spec: string): Endpoint;
}

function portsOf(node: PodSpecNode): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const kind of ['containers', 'initContainers']) {
    for (const c of asArray(node.template.spec[kind])) {
      for (const p of asArray(asObject(c)?.['ports'])) {
        const o = asObject(p);
        const port = o?.['containerPort'];
        if (!o || typeof port !== 'number') continue;
        const name = asString(o['name']);
        out.push({ port, protocol: (asString(o['protocol']) ?? 'TCP') as Protocol, ...(name ? { name } : {}) });
      }
    }
  }
  return out;
}

function portMatches(rule: PolicyRule, dst: Endpoint, port: number | undefined, protocol: Protocol): boolean {
  if (rule.ports === 'all') return true;
  for (const spec of rule.ports) {
    if (spec.protocol !== protocol) continue;
    if (spec.port === undefined) return true;
    if (typeof spec.port === 'number') {
      if (port === undefined) return true;
      if (port === spec.port || (spec.endPort !== undefined && port >= spec.port && port <= spec.endPort)) return true;
      continue;
    }
    // A named port resolves against the destination pod's container ports; it never matches an address outside the cluster.
    if (dst.kind !== 'pod') continue;
    const resolved = dst.pod.ports.filter((p) => p.name === spec.port && p.protocol === protocol).map((p) => p.port);
    if (port === undefined ? resolved.length > 0 : resolved.includes(port)) return true;
  }
  return false;
}

export function buildNetworkModel(inventory: Inventory): NetworkModel {
  const nsLabels = new Map<string, Record<string, string>>();
  for (const ns of inventory.ofKind('Namespace')) nsLabels.set(ns.ref.name, { ...labelsOf(ns), 'kubernetes.io/metadata.name': ns.ref.name });
  const namespaceLabels = (ns: string): Record<string, string> => {
    let labels = nsLabels.get(ns);
    if (!labels) nsLabels.set(ns, (labels = { 'kubernetes.io/metadata.name': ns }));
    return labels;
  };

  const ciliumIn = ciliumSelecting(inventory, 'ingress');
  const ciliumOut = ciliumSelecting(inventory, 'egress');
  const pods: PodEndpoint[] = [];
  const byNode = new Map<PodSpecNode, PodEndpoint>();
  const podsByNs = new Map<string, PodEndpoint[]>();
  for (const node of inventory.podSpecs) {
    const labels = stringMap(node.template.metadata['labels']);
    const ingress = ciliumIn(node.namespace, labels);
    const egress = ciliumOut(node.namespace, labels);
    const pod: PodEndpoint = {
      node, namespace: node.namespace, kind: node.resource.ref.kind, name: node.resource.ref.name,
      labels, ports: portsOf(node), ingressPolicies: [], egressPolicies: [],
      cilium: { ...(ingress ? { ingress } : {}), ...(egress ? { egress } : {}) },
    };
    pods.push(pod);
    byNode.set(node, pod);
    let list = podsByNs.get(pod.namespace);
    if (!list) podsByNs.set(pod.namespace, (list = []));
    list.push(pod);
  }
  // Per namespace, pods by label key and value, so a selector with matchLabels only looks at candidates.
  const labelIndex = new Map<string, Map<string, Map<string, PodEndpoint[]>>>();
  for (const [ns, list] of podsByNs) {
    const idx = new Map<string, Map<string, PodEndpoint[]>>();
    for (const p of list) {
      for (const k in p.labels) {
        const v = p.labels[k] ?? '';
        let byValue = idx.get(k);
        if (!byValue) idx.set(k, (byValue = new Map()));
        let l = byValue.get(v);
        if (!l) byValue.set(v, (l = []));
        l.push(p);
      }
    }
    labelIndex.set(ns, idx);
  }
  const podsMatching = (ns: string, selector: unknown): PodEndpoint[] => {
    const all = podsByNs.get(ns) ?? [];
    const ml = stringMap(asObject(selector)?.['matchLabels']);
    const idx = labelIndex.get(ns);
    let candidates = all;
    for (const k in ml) {
      const l = idx?.get(k)?.get(ml[k] ?? '') ?? [];
      if (l.length < candidates.length) candidates = l;
    }
    return candidates.filter((p) => matchesSelector(selector, p.labels));
  };

  const policies: ParsedPolicy[] = [];
  const policiesByNs = new Map<string, ParsedPolicy[]>();
  const selected = new Map<ParsedPolicy, PodEndpoint[]>();
  for (const r of inventory.ofKind('NetworkPolicy')) {
    if (r.ref.apiVersion !== 'networking.k8s.io/v1') continue;
    const ns = inventory.scope.namespaceOf(r) ?? 'default';
    const policy = parsePolicy(r, ns);
    policies.push(policy);
    let list = policiesByNs.get(ns);
    if (!list) policiesByNs.set(ns, (list = []));
    list.push(policy);
    const sel = podsMatching(ns, policy.podSelector);
    selected.set(policy, sel);
    for (const p of sel) {
      if (policy.ingressIsolates) p.ingressPolicies.push(policy);
      if (policy.egressIsolates) p.egressPolicies.push(policy);
    }
  }

  const namespaces = [...new Set([...nsLabels.keys(), ...podsByNs.keys(), ...policiesByNs.keys()])].sort();
  // Keyed by the selector's text: thousands of policies repeat the same few namespace selectors.
  const nsMatchCache = new Map<string, string[]>();
  const namespacesMatching = (peer: Peer): string[] | undefined => {
    if (peer.kind !== 'pods' || !peer.namespaceSelector) return undefined;
    const key = JSON.stringify(peer.namespaceSelector);
    let hit = nsMatchCache.get(key);
    if (!hit) nsMatchCache.set(key, (hit = namespaces.filter((ns) => matchesSelector(peer.namespaceSelector, namespaceLabels(ns)))));
    return hit;
  };

  const peerMatches = (policy: ParsedPolicy, peers: PolicyRule['peers'], other: Endpoint): boolean => {
    if (peers === 'all') return true;
    for (const peer of peers) {
      if (peer.kind === 'ipBlock') {
        if (other.kind === 'ip' && peer.allowed.some((r) => overlaps(r, other.range))) return true;
        continue;
      }
      if (other.kind !== 'pod') continue;
      const pod = other.pod;
      const nsOk = peer.namespaceSelector ? matchesSelector(peer.namespaceSelector, namespaceLabels(pod.namespace)) : pod.namespace === policy.namespace;
      if (nsOk && (!peer.podSelector || matchesSelector(peer.podSelector, pod.labels))) return true;
    }
    return false;
  };

  const byPolicies = (isolating: readonly ParsedPolicy[], dir: 'ingress' | 'egress', other: Endpoint, dst: Endpoint, port: number | undefined, protocol: Protocol): DirectionVerdict => {
    if (isolating.length === 0) return { isolated: false, allowed: true, allowedBy: [], isolatedBy: [] };
    const allowedBy: RuleRef[] = [];
    for (const policy of isolating) {
      for (const rule of policy[dir]) {
        if (peerMatches(policy, rule.peers, other) && portMatches(rule, dst, port, protocol)) allowedBy.push({ policy, rule });
      }
    }
    return { isolated: true, allowed: allowedBy.length > 0, allowedBy, isolatedBy: isolating };
  };
  // Cilium enforces NetworkPolicies and its own policies as one set: an allow from either stands unless a deny rule
  // overrides it, and a pod Cilium selects is isolated by it. Only an allowed verdict without Cilium deny rules survives.
  const direction = (pod: PodEndpoint, dir: 'ingress' | 'egress', other: Endpoint, dst: Endpoint, port: number | undefined, protocol: Protocol): DirectionVerdict => {
    const v = byPolicies(dir === 'ingress' ? pod.ingressPolicies : pod.egressPolicies, dir, other, dst, port, protocol);
    const cilium = pod.cilium[dir];
    if (!cilium || (v.isolated && v.allowed && !cilium.denies)) return v;
    const whose = dir === 'ingress' ? 'destination' : 'source';
    return { ...v, undecided: `${cilium.policies.join(', ')} select${cilium.policies.length === 1 ? 's' : ''} the ${whose} for ${dir}; phiguard does not model Cilium policy rules, so NetworkPolicies alone do not decide` };
  };

  const reach = (src: Endpoint, dst: Endpoint, port?: number, protocol: Protocol = 'TCP'): ReachVerdict => {
    const egress = src.kind === 'pod' ? direction(src.pod, 'egress', dst, dst, port, protocol) : undefined;
    const ingress = dst.kind === 'pod' ? direction(dst.pod, 'ingress', src, dst, port, protocol) : undefined;
    const denied = [egress, ingress].some((d) => d !== undefined && d.undecided === undefined && !d.allowed);
    const undecided = denied ? undefined : [egress?.undecided, ingress?.undecided].filter((u) => u !== undefined).join('; ');
    return { allowed: (egress?.allowed ?? true) && (ingress?.allowed ?? true), ...(egress ? { egress } : {}), ...(ingress ? { ingress } : {}), ...(undecided ? { undecided } : {}) };
  };

  const endpoint = (spec: string): Endpoint => {
    const range = /^[0-9a-f:.]+(\/\d+)?$/i.test(spec) && (spec.includes('.') || spec.includes(':')) ? parseCidr(spec) : undefined;
    if (range) return { kind: 'ip', range, text: spec };
    const slash = spec.indexOf('/');
    const ns = slash < 0 ? undefined : spec.slice(0, slash);
    const name = slash < 0 ? spec : spec.slice(slash + 1);
    const found = pods.filter((p) => p.name === name && (ns === undefined || p.namespace === ns));
    if (found.length === 0) throw new Error(`no workload or pod named "${spec}" in the input (use NAMESPACE/NAME, or an IP/CIDR for an address outside the cluster)`);
    if (found.length > 1 && new Set(found.map((p) => p.namespace)).size > 1) {
      throw new Error(`"${spec}" is ambiguous: ${found.map((p) => `${p.namespace}/${p.name} (${p.kind})`).join(', ')}; use NAMESPACE/NAME`);
    }
    return { kind: 'pod', pod: found[0] as PodEndpoint };
  };

  return {
    pods,
    policies,
    namespaces,
    namespaceLabels,
    podsIn: (ns) => podsByNs.get(ns) ?? [],
    policiesIn: (ns) => policiesByNs.get(ns) ?? [],
    selectedBy: (p) => selected.get(p) ?? [],
    podOf: (node) => byNode.get(node),
    reach,
    egressTo: (pod, ranges, port) => {
      const verdicts = ranges.map((range) => direction(pod, 'egress', { kind: 'ip', range, text: '' }, { kind: 'ip', range, text: '' }, port, 'TCP'));
      const allowedBy = verdicts.flatMap((v) => v.allowedBy);
      const isolated = pod.egressPolicies.length > 0;
      const unique = allowedBy.filter((r, i, a) => a.findIndex((x) => x.policy === r.policy && x.rule === r.rule) === i);
      const allowed = !isolated || unique.length > 0;
      // Some address allowed for certain decides "may reach"; otherwise any undecided address leaves it undecided.
      const undecided = verdicts.some((v) => v.allowed && v.undecided === undefined) ? undefined : verdicts.find((v) => v.undecided !== undefined)?.undecided;
      return { isolated, allowed, allowedBy: unique, isolatedBy: pod.egressPolicies, ...(undecided ? { undecided } : {}) };
    },
    namespacesMatching,
    endpoint,
  };
}

export function describeRuleRef(r: RuleRef): string {
  return `NetworkPolicy ${r.policy.namespace}/${r.policy.name} ${r.rule.direction}[${r.rule.index}]`;
}

export function describeEndpoint(e: Endpoint): string {
  return e.kind === 'ip' ? e.text : `${e.pod.namespace}/${e.pod.name}`;
}

/** Why a connection is allowed or denied, in one line a reader can check against the policies. */
export function explainVerdict(v: ReachVerdict): string {
  const side = (name: string, d: DirectionVerdict | undefined, peer: string): string | undefined => {
    if (!d) return undefined;
    if (d.undecided) return `${name}: undecided, ${d.undecided}`;
    if (!d.isolated) return `${name}: no policy isolates the ${peer}`;
    if (d.allowed) return `${name}: allowed by ${d.allowedBy.map(describeRuleRef).join(', ')}`;
    return `${name}: denied, isolated by ${d.isolatedBy.map((p) => `NetworkPolicy ${p.namespace}/${p.name}`).join(', ')} and no rule matches`;
  };
  return [side('egress', v.egress, 'source'), side('ingress', v.ingress, 'destination')].filter((x) => x !== undefined).join('; ');
}
