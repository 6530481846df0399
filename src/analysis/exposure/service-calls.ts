import type { Inventory } from '../../core/inventory.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { matchesSelector } from '../../core/selector.js';
import type { NetworkModel, PodEndpoint } from '../network/model.js';
import type { ExposureModel, ServiceInfo } from './model.js';

/** Evidence that one workload calls another through a Service. */
export interface ServiceCall {
  readonly from: PodEndpoint;
  readonly service: ServiceInfo;
  /** Why phiguard thinks the call happens: the address in the caller's manifest, or the policy rule that admits it. */
  readonly evidence: string;
}

const HOST = /[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*/g;

/** Every string a pod is configured with: env values, command and args, and the ConfigMaps it reads into env. */
function configuredStrings(inventory: Inventory, pod: PodEndpoint): { text: string; where: string }[] {
  const out: { text: string; where: string }[] = [];
  const configMap = (name: string | undefined): Record<string, unknown> => (name ? asObject(inventory.get('ConfigMap', pod.namespace, name)?.object['data']) ?? {} : {});
  for (const kind of ['initContainers', 'containers']) {
    for (const raw of asArray(pod.node.template.spec[kind])) {
      const c = asObject(raw);
      if (!c) continue;
      for (const e of asArray(c['env'])) {
        const env = asObject(e);
        const name = asString(env?.['name']) ?? '?';
        const value = asString(env?.['value']);
        if (value !== undefined) out.push({ text: value, where: `env ${name}` });
        const ref = asObject(asObject(env?.['valueFrom'])?.['configMapKeyRef']);
        const key = asString(ref?.['key']);
        const fromMap = key ? configMap(asString(ref?.['name']))[key] : undefined;
        if (typeof fromMap === 'string') out.push({ text: fromMap, where: `env ${name} (ConfigMap ${asString(ref?.['name']) ?? ''})` });
      }
      for (const f of asArray(c['envFrom'])) {
        const cm = asString(asObject(asObject(f)?.['configMapRef'])?.['name']);
        for (const [k, v] of Object.entries(configMap(cm))) if (typeof v === 'string') out.push({ text: v, where: `ConfigMap ${cm ?? ''} ${k}` });
      }
      for (const field of ['command', 'args']) for (const a of asArray(c[field])) if (typeof a === 'string') out.push({ text: a, where: field });
    }
  }
  return out;
}

/**
 * Workload → Service calls: a Service's DNS name (name, name.ns, name.ns.svc[.cluster.local]) in the caller's
 * configuration, or a NetworkPolicy rule of the Service's pods that admits the caller by selector.
 */
export function serviceCalls(inventory: Inventory, network: NetworkModel, exposure: ExposureModel, include: (p: PodEndpoint) => boolean, limit: number): ServiceCall[] {
  const out: ServiceCall[] = [];
  const seen = new Set<string>();
  const add = (from: PodEndpoint, service: ServiceInfo, evidence: string): void => {
    if (service.pods.length === 0 || service.pods.every((p) => p === from)) return;
    const key = `${from.namespace}/${from.name}\u0000${service.namespace}/${service.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ from, service, evidence });
  };
  for (const pod of network.pods) {
    if (out.length >= limit) break;
    if (!include(pod)) continue;
    for (const { text, where } of configuredStrings(inventory, pod)) {
      for (const host of text.toLowerCase().match(HOST) ?? []) {
        const [name = '', ns = pod.namespace, ...rest] = host.split('.');
        const suffix = rest.join('.');
        if (suffix !== '' && suffix !== 'svc' && suffix !== 'svc.cluster.local') continue;
        const svc = exposure.service(ns, name);
        if (svc) add(pod, svc, `${where} names ${host}`);
      }
    }
  }
  // Sources a rule admits by selector: someone wrote the policy for that caller.
  for (const svc of exposure.services) {
    // A map draws a few hundred edges at most: stop enumerating admitted callers once there are more than that.
    if (out.length >= limit) break;
    const policies = new Set(svc.pods.flatMap((p) => p.ingressPolicies));
    for (const policy of policies) {
      for (const rule of policy.ingress) {
        if (rule.peers === 'all') continue;
        for (const peer of rule.peers) {
          if (peer.kind !== 'pods') continue;
          for (const ns of network.namespacesMatching(peer) ?? [policy.namespace]) {
            for (const from of network.podsIn(ns)) {
              if (!include(from) || (peer.podSelector && !matchesSelector(peer.podSelector, from.labels))) continue;
              add(from, svc, `NetworkPolicy ${policy.namespace}/${policy.name} ingress[${rule.index}] admits it`);
            }
          }
        }
      }
    }
  }
  return out;
}
