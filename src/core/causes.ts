import type { ResourceRef } from './resource.js';

/** Root-cause keys shared by the rules that notice one cause from different controls (Report.cause). */

/** A namespace without a Pod Security enforce label (HK-PS-001, HK-PS-014). */
export function podSecurityLabelCause(namespace: string): string {
  return `psa-enforce|${namespace}`;
}

/** A namespace without the NetworkPolicy that isolates it (HK-NW-001, HK-NW-002, HK-NW-003). */
export function networkIsolationCause(namespace: string): string {
  return `netpol-isolation|${namespace}`;
}

/** One RBAC binding and what it grants (HK-AC-001…009 and the other grant controls). */
export function bindingCause(binding: ResourceRef): string {
  return `binding|${binding.kind}|${binding.namespace ?? ''}|${binding.name}`;
}

/** One volume of one workload (HK-PS-005, HK-PS-013, HK-EN-008). */
export function volumeCause(owner: ResourceRef, volumePath: string): string {
  return `volume|${owner.kind}|${owner.namespace ?? ''}|${owner.name}|${volumePath}`;
}

/** Workloads running under one ServiceAccount: sharing it (HK-ID-012), or it being the namespace default (HK-AC-010). */
export function serviceAccountCause(namespace: string, name: string): string {
  return `service-account|${namespace}|${name}`;
}
