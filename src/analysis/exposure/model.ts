import type { Inventory } from '../../core/inventory.js';
import type { KubeResource } from '../../core/resource.js';
import { annotationsOf, asArray, asObject, asString, stringMap } from '../../core/resource.js';
import type { NetworkModel, PodEndpoint } from '../network/model.js';
import type { MeshModel, MeshVerdict } from './mesh.js';

export interface ServicePort {
  readonly index: number;
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: string;
  readonly appProtocol?: string;
  readonly nodePort?: number;
}

export interface ServiceInfo {
  readonly resource: KubeResource;
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly ports: readonly ServicePort[];
  readonly pods: readonly PodEndpoint[];
  readonly externalIPs: readonly string[];
  readonly externalName?: string;
  /** LoadBalancer with an internal-only annotation. */
  readonly internal: boolean;
  readonly sourceRanges: readonly string[];
}

export type Encryption = 'tls' | 'mtls' | 'plaintext' | 'unknown';

/** One way in from outside the cluster: an Ingress rule, a Gateway listener + route, or a Service exposed directly. */
export interface EntryRoute {
  readonly kind: 'Ingress' | 'Route' | 'Gateway' | 'LoadBalancer' | 'NodePort' | 'ExternalIP';
  /** The object a reader checks: the Ingress, HTTPRoute or Service. */
  readonly resource: KubeResource;
  /** JSON pointer of the route inside it. */
  readonly path: string;
  readonly host: string;
  /** Namespace and name of the backend Service, known even when the Service itself is not in the input. */
  readonly backendService?: { readonly namespace: string; readonly name: string };
  readonly service?: ServiceInfo;
  readonly servicePort?: ServicePort;
  /** Client → entry point. */
  readonly edge: { readonly encryption: Encryption; readonly why: string };
  /** Entry point → pod. */
  readonly backend: { readonly encryption: Encryption; readonly why: string };
  /** Whether the entry is reachable from the internet (not an internal LB, no source ranges). */
  readonly public: boolean;
  /** For Gateway routes: the Gateway. */
  readonly gateway?: KubeResource;
  /** For OpenShift Routes with TLS: what the router does with plain HTTP (None, Allow, Redirect). */
  readonly insecurePolicy?: string;
}

export interface ExposureModel {
  readonly services: readonly ServiceInfo[];
  readonly routes: readonly EntryRoute[];
  /** Gateway routes whose parent Gateway is not in the input: their exposure cannot be judged. */
  readonly unresolvedParents: readonly { readonly route: KubeResource; readonly parent: string }[];
  service(namespace: string, name: string): ServiceInfo | undefined;
  /** Services whose selector picks the pod. */
  servicesOf(pod: PodEndpoint): readonly ServiceInfo[];
}

const INTERNAL_LB: readonly [string, (v: string) => boolean][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', (v) => v === 'true' || v === '0.0.0.0/0'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', (v) => v === 'internal'],
  ['networking.gke.io/load-balancer-type', (v) => v.toLowerCase() === 'internal'],
  ['cloud.google.com/load-balancer-type', (v) => v.toLowerCase() === 'internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', (v) => v === 'true'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', (v) => v === 'true'],
];

const TLS_PORTS: ReadonlySet<number> = new Set([443, 8443, 9443, 6443]);

/** What a backend port says about its own encryption: https by appProtocol, name or well-known port. */
export function portEncryption(p: ServicePort | undefined): Encryption {
  if (!p) return 'unknown';
  const hint = `${p.appProtocol ?? ''} ${p.name ?? ''}`.toLowerCase();
  if (/https|tls|grpcs|wss/.test(hint) || TLS_PORTS.has(p.port) || (typeof p.targetPort === 'number' && TLS_PORTS.has(p.targetPort))) return 'tls';
  if (/http|grpc|ws/.test(hint) || p.port === 80 || p.port === 8080 || p.targetPort === 80 || p.targetPort === 8080) return 'plaintext';
  return 'unknown';
}

function meshHop(pods: readonly PodEndpoint[], mesh: MeshModel): { encryption: Encryption; why: string } | undefined {
  if (pods.length === 0) return undefined;
  const verdicts: MeshVerdict[] = pods.map((p) => mesh.verdict(p));
  if (verdicts.every((v) => v.state === 'strict')) return { encryption: 'mtls', why: verdicts[0]?.why ?? 'mesh mTLS' };
  return undefined;
}

export function buildExposureModel(inventory: Inventory, network: NetworkModel, mesh: MeshModel): ExposureModel {
  const services: ServiceInfo[] = [];
  const byKey = new Map<string, ServiceInfo>();
  for (const r of inventory.ofKind('Service')) {
    const spec = asObject(r.object['spec']) ?? {};
    const ns = inventory.scope.namespaceOf(r) ?? 'default';
    const selector = stringMap(spec['selector']);
    const hasSelector = Object.keys(selector).length > 0;
    const wanted = Object.entries(selector);
    const pods = hasSelector ? network.podsIn(ns).filter((p) => wanted.every(([k, v]) => p.labels[k] === v)) : [];
    const ports: ServicePort[] = [];
    asArray(spec['ports']).forEach((raw, index) => {
      const o = asObject(raw);
      const port = o?.['port'];
      if (!o || typeof port !== 'number') return;
      const tp = o['targetPort'];
      const name = asString(o['name']);
      const appProtocol = asString(o['appProtocol']);
      const nodePort = typeof o['nodePort'] === 'number' ? o['nodePort'] : undefined;
      ports.push({ index, port, targetPort: typeof tp === 'number' || typeof tp === 'string' ? tp : port, protocol: asString(o['protocol']) ?? 'TCP',
        ...(name ? { name } : {}), ...(appProtocol ? { appProtocol } : {}), ...(nodePort !== undefined ? { nodePort } : {}) });
    });
    const ann = annotationsOf(r);
    const externalName = asString(spec['externalName']);
    const info: ServiceInfo = {
      resource: r, namespace: ns, name: r.ref.name, type: asString(spec['type']) ?? 'ClusterIP', ports, pods,
      externalIPs: asArray(spec['externalIPs']).map(String),
      ...(externalName ? { externalName } : {}),
      internal: INTERNAL_LB.some(([k, ok]) => ann[k] !== undefined && ok(ann[k] ?? '')),
      sourceRanges: asArray(spec['loadBalancerSourceRanges']).map(String),
    };
    services.push(info);
    byKey.set(`${ns}/${info.name}`, info);
  }
  const service = (ns: string, name: string): ServiceInfo | undefined => byKey.get(`${ns}/${name}`);
  const servicesByPod = new Map<PodEndpoint, ServiceInfo[]>();
  for (const s of services) for (const p of s.pods) {
    let l = servicesByPod.get(p);
    if (!l) servicesByPod.set(p, (l = []));
    l.push(s);
  }

  const routes: EntryRoute[] = [];
  const backendHop = (svc: ServiceInfo | undefined, sp: ServicePort | undefined, annotated: string | undefined): { encryption: Encryption; why: string } => {
    if (annotated && /^(HTTPS|GRPCS|AJP_S)$/i.test(annotated)) return { encryption: 'tls', why: `backend-protocol ${annotated}` };
    const m = svc ? meshHop(svc.pods, mesh) : undefined;
    if (m) return m;
    if (annotated) return { encryption: 'plaintext', why: `backend-protocol ${annotated}` };
    const pe = portEncryption(sp);
    return { encryption: pe, why: pe === 'tls' ? `port ${sp?.port ?? '?'} speaks TLS` : pe === 'plaintext' ? `port ${sp?.port ?? '?'} is plain HTTP and no mesh mTLS` : 'protocol of the backend port is not stated' };
  };

  // Services exposed directly.
  for (const s of services) {
    const ann = annotationsOf(s.resource);
    const certAnn = ann['service.beta.kubernetes.io/aws-load-balancer-ssl-cert'];
    const exposures: { kind: EntryRoute['kind']; pub: boolean }[] = [];
    if (s.type === 'LoadBalancer') exposures.push({ kind: 'LoadBalancer', pub: !s.internal && s.sourceRanges.length === 0 });
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') exposures.push({ kind: 'NodePort', pub: false });
    if (s.externalIPs.length > 0) exposures.push({ kind: 'ExternalIP', pub: true });
    for (const e of exposures) {
      if (e.kind === 'NodePort' && s.type === 'LoadBalancer') continue;
      for (const sp of s.ports) {
        const own = portEncryption(sp);
        const tlsAtLb = certAnn !== undefined && (ann['service.beta.kubernetes.io/aws-load-balancer-ssl-ports'] ?? '*').split(',').some((x) => x.trim() === '*' || x.trim() === String(sp.port) || x.trim() === sp.name);
        const edge = tlsAtLb ? { encryption: 'tls' as const, why: 'TLS listener (aws-load-balancer-ssl-cert)' }
          : { encryption: own, why: own === 'tls' ? `port ${sp.port} passes TLS through to the pod` : own === 'plaintext' ? `port ${sp.port} is plain HTTP` : `port ${sp.port}: no TLS listener annotation; encryption depends on the application` };
        routes.push({
          kind: e.kind, resource: s.resource, path: `/spec/ports/${sp.index}`, host: s.externalIPs.join(',') || s.name, service: s, servicePort: sp,
          edge, backend: tlsAtLb ? backendHop(s, sp, undefined) : edge, public: e.pub,
        });
      }
    }
  }

  // Ingress (networking.k8s.io/v1).
  for (const ing of inventory.ofKind('Ingress')) {
    const ns = inventory.scope.namespaceOf(ing) ?? 'default';
    const spec = asObject(ing.object['spec']) ?? {};
    const ann = annotationsOf(ing);
    const tlsHosts: string[] = [];
    let tlsCatchAll = false;
    for (const t of asArray(spec['tls'])) {
      const hosts = asArray(asObject(t)?.['hosts']).map(String);
      if (hosts.length === 0) tlsCatchAll = true;
      tlsHosts.push(...hosts);
    }
    const hostCovered = (h: string): boolean => tlsCatchAll || tlsHosts.some((t) => t === h || (t.startsWith('*.') && h.endsWith(t.slice(1)) && !h.slice(0, -t.length + 1).includes('.')));
    const backendProtocol = ann['nginx.ingress.kubernetes.io/backend-protocol'] ?? ann['alb.ingress.kubernetes.io/backend-protocol'];
    const addRoute = (host: string, backend: unknown, path: string): void => {
      const svcRef = asObject(asObject(backend)?.['service']);
      const name = asString(svcRef?.['name']);
      if (!name) return;
      const svc = service(ns, name);
      const portRef = asObject(svcRef?.['port']);
      const sp = svc?.ports.find((p) => p.port === portRef?.['number'] || (p.name !== undefined && p.name === portRef?.['name']));
      const covered = hostCovered(host);
      routes.push({
        kind: 'Ingress', resource: ing, path, host: host || '*', backendService: { namespace: ns, name }, ...(svc ? { service: svc } : {}), ...(sp ? { servicePort: sp } : {}),
        edge: covered ? { encryption: 'tls', why: `host ${host || '*'} is in spec.tls` } : { encryption: 'plaintext', why: `host ${host || '*'} is not in any spec.tls entry` },
        backend: backendHop(svc, sp, backendProtocol), public: true,
      });
    };
    if (spec['defaultBackend']) addRoute('', spec['defaultBackend'], '/spec/defaultBackend');
    asArray(spec['rules']).forEach((rule, i) => {
      const o = asObject(rule);
      const host = asString(o?.['host']) ?? '';
      asArray(asObject(o?.['http'])?.['paths']).forEach((p, j) => addRoute(host, asObject(p)?.['backend'], `/spec/rules/${i}/http/paths/${j}/backend`));
    });
  }

  // OpenShift Routes (route.openshift.io/v1): the router terminates, re-encrypts or passes TLS through.
  for (const route of inventory.ofKind('Route')) {
    if (!route.ref.apiVersion.startsWith('route.openshift.io/')) continue;
    const ns = inventory.scope.namespaceOf(route) ?? 'default';
    const spec = asObject(route.object['spec']) ?? {};
    const tp = asObject(spec['port'])?.['targetPort'];
    const tls = asObject(spec['tls']);
    const termination = asString(tls?.['termination'])?.toLowerCase();
    const insecurePolicy = asString(tls?.['insecureEdgeTerminationPolicy']) ?? 'None';
    const host = asString(spec['host']) ?? '*';
    // The router splits traffic between spec.to and spec.alternateBackends by weight: every backend is exposed alike.
    const backends: [unknown, string][] = [[spec['to'], '/spec/to'], ...asArray(spec['alternateBackends']).map((b, i): [unknown, string] => [b, `/spec/alternateBackends/${i}`])];
    for (const [ref, path] of backends) {
      const to = asObject(ref);
      const name = asString(to?.['name']);
      if (!name || (asString(to?.['kind']) ?? 'Service') !== 'Service') continue;
      const svc = service(ns, name);
      const sp = tp === undefined ? svc?.ports[0] : svc?.ports.find((p) => p.targetPort === tp || (p.name !== undefined && p.name === tp) || p.port === tp);
      routes.push({
        kind: 'Route', resource: route, path, host, backendService: { namespace: ns, name },
        ...(svc ? { service: svc } : {}), ...(sp ? { servicePort: sp } : {}),
        edge: tls ? { encryption: 'tls', why: `tls termination ${termination ?? 'edge'}` } : { encryption: 'plaintext', why: 'the Route has no spec.tls' },
        backend: termination === 'passthrough' || termination === 'reencrypt' ? { encryption: 'tls', why: `tls termination ${termination}` } : backendHop(svc, sp, undefined),
        public: true, ...(tls ? { insecurePolicy } : {}),
      });
    }
  }

  // Gateway API: HTTPRoute/TLSRoute/GRPCRoute attached to Gateway listeners.
  const gateways = new Map<string, KubeResource>();
  for (const g of inventory.ofKind('Gateway')) if (g.ref.apiVersion.startsWith('gateway.networking.k8s.io/')) gateways.set(`${inventory.scope.namespaceOf(g) ?? 'default'}/${g.ref.name}`, g);
  const unresolvedParents: { route: KubeResource; parent: string }[] = [];
  for (const route of inventory.ofKind('HTTPRoute', 'GRPCRoute', 'TLSRoute')) {
    const ns = inventory.scope.namespaceOf(route) ?? 'default';
    const spec = asObject(route.object['spec']) ?? {};
    const hosts = asArray(spec['hostnames']).map(String);
    for (const parent of asArray(spec['parentRefs'])) {
      const pr = asObject(parent);
      const parentKey = `${asString(pr?.['namespace']) ?? ns}/${asString(pr?.['name']) ?? ''}`;
      const gw = gateways.get(parentKey);
      if (!gw) {
        if ((asString(pr?.['kind']) ?? 'Gateway') === 'Gateway') unresolvedParents.push({ route, parent: parentKey });
        continue;
      }
      const section = asString(pr?.['sectionName']);
      const listeners = asArray(asObject(gw.object['spec'])?.['listeners']).map((l) => asObject(l) ?? {}).filter((l) => !section || asString(l['name']) === section);
      for (const l of listeners) {
        const protocol = asString(l['protocol']) ?? 'HTTP';
        const tls = asObject(l['tls']);
        const mode = asString(tls?.['mode']) ?? 'Terminate';
        const certs = asArray(tls?.['certificateRefs']).length;
        const edge = protocol === 'HTTPS' || protocol === 'TLS'
          ? (mode === 'Passthrough' || certs > 0 ? { encryption: 'tls' as const, why: `listener ${asString(l['name']) ?? ''} ${protocol} (${mode})` } : { encryption: 'unknown' as const, why: `listener ${asString(l['name']) ?? ''} ${protocol} without certificateRefs` })
          : { encryption: 'plaintext' as const, why: `listener ${asString(l['name']) ?? ''} is ${protocol}` };
        asArray(spec['rules']).forEach((rule, i) => {
          const redirect = asArray(asObject(rule)?.['filters']).some((f) => asString(asObject(asObject(f)?.['requestRedirect'])?.['scheme']) === 'https');
          asArray(asObject(rule)?.['backendRefs']).forEach((b, j) => {
            const br = asObject(b);
            const name = asString(br?.['name']);
            if (!name || (asString(br?.['kind']) ?? 'Service') !== 'Service') return;
            const svc = service(asString(br?.['namespace']) ?? ns, name);
            const sp = svc?.ports.find((p) => p.port === br?.['port']);
            routes.push({
              kind: 'Gateway', resource: route, path: `/spec/rules/${i}/backendRefs/${j}`, host: hosts.join(',') || asString(l['hostname']) || '*',
              backendService: { namespace: asString(br?.['namespace']) ?? ns, name },
              ...(svc ? { service: svc } : {}), ...(sp ? { servicePort: sp } : {}),
              edge: redirect && edge.encryption === 'plaintext' ? { encryption: 'tls', why: 'HTTP listener redirects to https' } : edge,
              backend: mode === 'Passthrough' ? edge : backendHop(svc, sp, undefined), public: true, gateway: gw,
            });
          });
        });
      }
    }
  }

  return { services, routes, unresolvedParents, service, servicesOf: (pod) => servicesByPod.get(pod) ?? [] };
}
