import type { Inventory } from '../../core/inventory.js';
import type { MeshModel } from './mesh.js';
import type { Encryption, ExposureModel } from './model.js';
import { portEncryption } from './model.js';
import type { NetworkModel, PodEndpoint, ReachVerdict } from '../network/model.js';
import { explainVerdict } from '../network/model.js';
import { tierOf } from '../network/tiers.js';
import { serviceCalls } from './service-calls.js';
import { parseCidr } from '../../core/ip.js';

export type Column = 0 | 1 | 2 | 3 | 4;
export const COLUMN_TITLES: readonly string[] = ['Internet', 'Entry points', 'Services', 'Workloads', 'Data tier'];

export interface FlowNode {
  readonly id: string;
  readonly label: string;
  readonly column: Column;
}

export type Verdict = 'allowed' | 'denied' | 'unknown';

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly encryption: Encryption;
  readonly policy: Verdict;
  readonly label: string;
  readonly why: string;
}

export interface FlowMap {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  /** Why the map is empty, said in every format; absent when it is not. */
  readonly empty?: string;
}

const verdictOf = (v: ReachVerdict): Verdict => (v.undecided ? 'unknown' : v.allowed ? 'allowed' : 'denied');

const INTERNET = parseCidr('203.0.113.10');
const MAX_DATA_EDGES = 400;

/** The PHI flow: internet → entry points → Services → workloads → data tier, each edge with TLS and policy verdict. */
export function buildFlowMap(inventory: Inventory, network: NetworkModel, exposure: ExposureModel, mesh: MeshModel): FlowMap {
  const phiPod = (p: PodEndpoint): boolean => {
    const d = inventory.scope.decide(p.node.resource);
    return d.level === 'phi' || d.level === 'phi-adjacent';
  };
  const nodes = new Map<string, FlowNode>();
  const edges: FlowEdge[] = [];
  const add = (n: FlowNode): string => { if (!nodes.has(n.id)) nodes.set(n.id, n); return n.id; };
  const podId = (p: PodEndpoint): string => `w:${p.namespace}/${p.name}`;
  const podNode = (p: PodEndpoint): string => add({ id: podId(p), label: `${p.namespace}/${p.name}`, column: tierOf(p) === 'data' ? 4 : 3 });
  const controllers = network.pods.filter((p) => /ingress|gateway|envoy|traefik|haproxy/i.test(`${p.name} ${Object.values(p.labels).join(' ')}`));

  for (const r of exposure.routes) {
    const svc = r.service;
    if (!svc) continue;
    const pods = svc.pods.filter(phiPod);
    if (pods.length === 0) continue;
    const internet = add({ id: 'internet', label: 'Internet', column: 0 });
    const entryLabel = r.kind === 'Ingress' || r.kind === 'Route' || r.kind === 'Gateway' ? `${r.resource.ref.kind} ${r.resource.ref.name} (${r.host})` : `${r.kind} ${svc.name}:${r.servicePort?.port ?? '?'}`;
    const entry = add({ id: `e:${r.kind}:${r.resource.ref.namespace ?? ''}/${r.resource.ref.name}:${r.host}:${r.servicePort?.port ?? ''}`, label: entryLabel, column: 1 });
    edges.push({ from: internet, to: entry, encryption: r.edge.encryption, policy: r.public ? 'allowed' : 'unknown', label: r.public ? 'public' : 'restricted', why: r.edge.why });
    const s = add({ id: `s:${svc.namespace}/${svc.name}`, label: `Service ${svc.namespace}/${svc.name}`, column: 2 });
    const targetPort = r.servicePort && typeof r.servicePort.targetPort === 'number' ? r.servicePort.targetPort : undefined;
    const direct = r.kind !== 'Ingress' && r.kind !== 'Route' && r.kind !== 'Gateway';
    for (const p of pods) {
      const w = podNode(p);
      const sources = direct && INTERNET ? [{ kind: 'ip' as const, range: INTERNET, text: 'internet' }] : controllers.map((c) => ({ kind: 'pod' as const, pod: c }));
      // Allowed from some source wins; else one undecided (a Cilium policy selects an end) leaves the edge unknown.
      let policy: Verdict | undefined;
      let why = 'the ingress controller is not in the input';
      for (const src of sources) {
        const v = network.reach(src, { kind: 'pod', pod: p }, targetPort);
        const verdict = verdictOf(v);
        if (policy === undefined || verdict === 'allowed' || (verdict === 'unknown' && policy === 'denied')) {
          policy = verdict;
          why = explainVerdict(v) || why;
        }
        if (verdict === 'allowed') break;
      }
      policy ??= 'unknown';
      if (!edges.some((e) => e.from === entry && e.to === s)) edges.push({ from: entry, to: s, encryption: r.backend.encryption, policy, label: `:${r.servicePort?.port ?? '?'}`, why: r.backend.why });
      if (!edges.some((e) => e.from === s && e.to === w)) edges.push({ from: s, to: w, encryption: r.backend.encryption, policy, label: targetPort ? `:${targetPort}` : 'selects', why });
    }
  }

  // Workload → Service → workload, for calls the manifests show (an address, or a policy written for the caller).
  let calls = 0;
  for (const call of serviceCalls(inventory, network, exposure, (p) => tierOf(p) !== 'data', MAX_DATA_EDGES)) {
    for (const p of call.service.pods) {
      if (p === call.from || tierOf(p) === 'data' || !(phiPod(p) || phiPod(call.from))) continue;
      for (const sp of call.service.ports) {
        if (calls++ > MAX_DATA_EDGES) break;
        const port = typeof sp.targetPort === 'number' ? sp.targetPort : p.ports.find((c) => c.name === sp.targetPort)?.port;
        const v = network.reach({ kind: 'pod', pod: call.from }, { kind: 'pod', pod: p }, port);
        const enc: Encryption = mesh.verdict(call.from).state === 'strict' && mesh.verdict(p).state === 'strict' ? 'mtls' : portEncryption(sp);
        edges.push({ from: podNode(call.from), to: podNode(p), encryption: enc, policy: verdictOf(v), label: `:${port ?? sp.port} via ${call.service.name}`,
          why: [call.evidence, explainVerdict(v)].filter((x) => x !== '').join('; ') });
      }
    }
  }

  // App → data tier: only data pods a Service makes addressable, on the Service's target ports.
  const phiPods = network.pods.filter(phiPod);
  const data = phiPods.filter((p) => tierOf(p) === 'data');
  const apps = phiPods.filter((p) => tierOf(p) !== 'data');
  let count = 0;
  for (const d of data) {
    const ports = [...new Set(exposure.servicesOf(d).flatMap((s) => s.ports.map((p) => (typeof p.targetPort === 'number' ? p.targetPort : p.port))))];
    if (ports.length === 0) continue;
    for (const a of apps) {
      for (const port of ports) {
        if (count++ > MAX_DATA_EDGES) break;
        const v = network.reach({ kind: 'pod', pod: a }, { kind: 'pod', pod: d }, port);
        const sp = exposure.servicesOf(d).flatMap((s) => s.ports).find((p) => p.targetPort === port || p.port === port);
        const meshOk = mesh.verdict(a).state === 'strict' && mesh.verdict(d).state === 'strict';
        const enc: Encryption = meshOk ? 'mtls' : portEncryption(sp) === 'tls' ? 'tls' : port === 5432 || port === 3306 || port === 6379 || port === 27017 ? 'unknown' : portEncryption(sp);
        edges.push({ from: podNode(a), to: podNode(d), encryption: enc, policy: verdictOf(v), label: `:${port}`, why: explainVerdict(v) });
      }
    }
  }
  const list = [...nodes.values()].sort((x, y) => x.column - y.column || x.label.localeCompare(y.label));
  if (list.length > 0) return { nodes: list, edges };
  const empty = network.pods.length === 0 ? 'No PHI flow found in the input: it holds no workload.'
    : phiPods.length === 0 ? 'No PHI flow found in the input: no workload is in PHI scope (label its namespace phiguard.dev/scope: phi, or pass --phi-namespace).'
    : 'No PHI flow found in the input (no entry point reaches a PHI workload, no PHI workload calls a Service, and no data tier is addressed).';
  return { nodes: list, edges, empty };
}
