import type { JsonObject, KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import type { IpRange } from '../../core/ip.js';
import { parseCidr, subtract } from '../../core/ip.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface PortSpec {
  readonly protocol: Protocol;
  /** undefined: every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export type Peer =
  | { readonly kind: 'pods'; readonly podSelector?: JsonObject; readonly namespaceSelector?: JsonObject; readonly index: number }
  | { readonly kind: 'ipBlock'; readonly cidr: string; readonly allowed: readonly IpRange[]; readonly exceptCount: number; readonly index: number };

export interface PolicyRule {
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  /** 'all': from/to absent or empty, every peer (cluster and outside). */
  readonly peers: readonly Peer[] | 'all';
  /** 'all': ports absent or empty. */
  readonly ports: readonly PortSpec[] | 'all';
}

export interface ParsedPolicy {
  readonly resource: KubeResource;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: JsonObject;
  readonly ingressIsolates: boolean;
  readonly egressIsolates: boolean;
  /** Whether policyTypes was written out, or defaulted. */
  readonly typesExplicit: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  /** Problems in the object that the API server would reject, with their JSON pointer. */
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

function parsePorts(v: unknown, base: string, problems: { path: string; message: string }[]): PortSpec[] | 'all' {
  const list = asArray(v);
  if (list.length === 0) return 'all';
  const out: PortSpec[] = [];
  list.forEach((p, i) => {
    const o = asObject(p);
    if (!o) return;
    const protocol = (asString(o['protocol']) ?? 'TCP') as Protocol;
    const port = o['port'];
    const endPort = typeof o['endPort'] === 'number' ? o['endPort'] : undefined;
    if (typeof port === 'number' || (typeof port === 'string' && port !== '')) {
      // A numeric string is a port number in IntOrString only when it parses as one; kubectl keeps "80" as a name otherwise.
      const value = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
      out.push({ protocol, port: value, ...(endPort !== undefined && typeof value === 'number' ? { endPort } : {}) });
    } else {
      out.push({ protocol });
    }
    if (endPort !== undefined && typeof port !== 'number') problems.push({ path: `${base}/${i}/endPort`, message: 'endPort needs a numeric port' });
  });
  return out;
}

function parsePeers(v: unknown, base: string, problems: { path: string; message: string }[]): Peer[] | 'all' {
  const list = asArray(v);
  if (list.length === 0) return 'all';
  const out: Peer[] = [];
  list.forEach((p, index) => {
    const o = asObject(p);
    if (!o) return;
    const ipBlock = asObject(o['ipBlock']);
    if (ipBlock) {
      const cidr = asString(ipBlock['cidr']) ?? '';
      const range = parseCidr(cidr);
      if (!range) { problems.push({ path: `${base}/${index}/ipBlock/cidr`, message: `"${cidr}" is not a CIDR` }); return; }
      const except = asArray(ipBlock['except']).map((e) => parseCidr(String(e))).filter((e): e is IpRange => e !== undefined);
      out.push({ kind: 'ipBlock', cidr, allowed: subtract(range, except), exceptCount: except.length, index });
      return;
    }
    const podSelector = asObject(o['podSelector']);
    const namespaceSelector = asObject(o['namespaceSelector']);
    if (!podSelector && !namespaceSelector) return;
    out.push({ kind: 'pods', ...(podSelector ? { podSelector } : {}), ...(namespaceSelector ? { namespaceSelector } : {}), index });
  });
  return out;
}

/** Reads a networking.k8s.io/v1 NetworkPolicy with the API server's defaults applied. */
export function parsePolicy(r: KubeResource, namespace: string): ParsedPolicy {
  const spec = asObject(r.object['spec']) ?? {};
  const problems: { path: string; message: string }[] = [];
  const typesRaw = spec['policyTypes'];
  const typesExplicit = Array.isArray(typesRaw) && typesRaw.length > 0;
  const types = typesExplicit ? asArray(typesRaw).map(String) : [];
  const egressRules = asArray(spec['egress']);
  // Defaults: Ingress always; Egress only when the policy has egress rules.
  const ingressIsolates = typesExplicit ? types.includes('Ingress') : true;
  const egressIsolates = typesExplicit ? types.includes('Egress') : egressRules.length > 0;
  const rules = (direction: 'ingress' | 'egress'): PolicyRule[] =>
    asArray(spec[direction]).map((raw, index): PolicyRule => {
      const o = asObject(raw) ?? {};
      const base = `/spec/${direction}/${index}`;
      const peerKey = direction === 'ingress' ? 'from' : 'to';
      return { direction, index, peers: parsePeers(o[peerKey], `${base}/${peerKey}`, problems), ports: parsePorts(o['ports'], `${base}/ports`, problems) };
    });
  return {
    resource: r,
    namespace,
    name: r.ref.name,
    podSelector: asObject(spec['podSelector']) ?? {},
    ingressIsolates,
    egressIsolates,
    typesExplicit,
    // Rules of a direction the policy does not isolate have no effect.
    ingress: ingressIsolates ? rules('ingress') : [],
    egress: egressIsolates ? rules('egress') : [],
    problems,
  };
}
