import type { NetworkZone } from '../../core/config.js';
import { PUBLIC } from '../../core/ip.js';
import type { NetworkModel, PodEndpoint, ReachVerdict } from './model.js';
import { explainVerdict } from './model.js';

export interface ZoneViolation {
  readonly zone: string;
  readonly from: PodEndpoint;
  /** The pod reached, or undefined for an address outside the cluster. */
  readonly to?: PodEndpoint;
  readonly toZone?: string;
  readonly port?: number;
  readonly why: string;
  /** The path may break the zone, but NetworkPolicies alone do not decide it (a Cilium policy selects an end). */
  readonly undecided?: boolean;
}

function inZone(pod: PodEndpoint, zone: NetworkZone): boolean {
  const entries = Object.entries(zone.selector);
  return entries.length > 0 && entries.every(([k, v]) => pod.labels[k] === v);
}

/** Checks the configured zones against the computed reachability; every violation carries the policies that make it true. */
export function checkZones(model: NetworkModel, zones: readonly NetworkZone[]): ZoneViolation[] {
  const members = new Map(zones.map((z) => [z.name, model.pods.filter((p) => inZone(p, z))]));
  const out: ZoneViolation[] = [];
  for (const zone of zones) {
    const from = members.get(zone.name) ?? [];
    if (zone.internetEgress === false) {
      for (const pod of from) {
        const v = model.egressTo(pod, PUBLIC);
        if (v.undecided) out.push({ zone: zone.name, from: pod, why: v.undecided, undecided: true });
        else if (v.allowed) out.push({ zone: zone.name, from: pod, why: explainVerdict({ allowed: true, egress: v }) });
      }
    }
    if (!zone.mayReach) continue;
    for (const target of zones) {
      if (target === zone) continue;
      const grant = zone.mayReach.find((m) => m.zone === target.name);
      if (grant && !grant.ports) continue;
      for (const a of from) {
        for (const b of members.get(target.name) ?? []) {
          if (a === b) continue;
          const ports: (number | undefined)[] = b.ports.length ? [...new Set(b.ports.map((p) => p.port))] : [undefined];
          for (const port of ports) {
            if (grant?.ports && port !== undefined && grant.ports.includes(port)) continue;
            const v: ReachVerdict = model.reach({ kind: 'pod', pod: a }, { kind: 'pod', pod: b }, port);
            if (!v.allowed && !v.undecided) continue;
            out.push({ zone: zone.name, from: a, to: b, toZone: target.name, ...(port !== undefined ? { port } : {}), why: v.undecided ?? explainVerdict(v), ...(v.undecided ? { undecided: true } : {}) });
            if (!v.undecided) break;
          }
        }
      }
    }
  }
  return out;
}
