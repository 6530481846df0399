import type { DirectionVerdict, Endpoint, NetworkModel, ReachVerdict } from './model.js';
import type { Protocol } from './policy.js';

/** One destination port phiguard checked when no port was asked for. */
export interface PortVerdict {
  readonly port: number;
  /** The last port of a policy's port range (endPort). */
  readonly endPort?: number;
  /** The container port's name, when the destination declares it. */
  readonly name?: string;
  readonly verdict: ReachVerdict;
}

export interface OpenPorts {
  /** Every port of the protocol is allowed: no side is isolated, or the allowing rules name no port. */
  readonly anyPort: boolean;
  /** The ports checked (the destination's container ports and the ports the allowing rules name), in order. */
  readonly ports: readonly PortVerdict[];
}

const anyPortOpen = (d: DirectionVerdict | undefined, protocol: Protocol): boolean =>
  d === undefined || !d.isolated || d.allowedBy.some((r) => r.rule.ports === 'all' || r.rule.ports.some((p) => p.protocol === protocol && p.port === undefined));

/** Which ports src may open on dst, for a connection allowed on some port (`any`, the verdict without a port). */
export function openPorts(model: NetworkModel, src: Endpoint, dst: Endpoint, protocol: Protocol, any: ReachVerdict): OpenPorts {
  if (any.undecided === undefined && anyPortOpen(any.egress, protocol) && anyPortOpen(any.ingress, protocol)) return { anyPort: true, ports: [] };
  const candidates = new Map<number, { endPort?: number; name?: string }>();
  if (dst.kind === 'pod') for (const p of dst.pod.ports) if (p.protocol === protocol && !candidates.has(p.port)) candidates.set(p.port, p.name ? { name: p.name } : {});
  for (const side of [any.egress, any.ingress]) {
    for (const r of side?.allowedBy ?? []) {
      if (r.rule.ports === 'all') continue;
      for (const p of r.rule.ports) {
        if (p.protocol !== protocol || typeof p.port !== 'number' || candidates.has(p.port)) continue;
        candidates.set(p.port, p.endPort !== undefined ? { endPort: p.endPort } : {});
      }
    }
  }
  const ports = [...candidates].sort(([a], [b]) => a - b).map(([port, extra]): PortVerdict => ({ port, ...extra, verdict: model.reach(src, dst, port, protocol) }));
  return { anyPort: false, ports };
}

/** "8080/TCP (http)" or "8000-8100/TCP". */
export function describePort(p: PortVerdict, protocol: Protocol): string {
  return `${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}/${protocol}${p.name ? ` (${p.name})` : ''}`;
}
