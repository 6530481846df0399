import type { ResourceRef } from '../../core/resource.js';
import type { IpRange } from '../../core/ip.js';
import { NON_PUBLIC } from '../../core/ip.js';

/** What the HK-AL rules are told about the cluster; everything has a default. */
export interface BindingSubject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  /** The name as it appears in audit events (system:serviceaccount:NS:NAME for service accounts). */
  readonly name: string;
  readonly binding: ResourceRef;
}

export interface DetectOptions {
  /** Whether a namespace is in PHI scope; '' stands for cluster-wide requests (lists across namespaces). */
  readonly isPhi: (namespace: string) => boolean;
  readonly breakGlassGroups: readonly string[];
  readonly breakGlassUsers: readonly string[];
  /** Binding names ("name" or "namespace/name") whose use in an RBAC decision counts as break-glass. */
  readonly breakGlassBindings: readonly string[];
  readonly superUsers: readonly string[];
  /** Identities allowed to impersonate (access gateways such as Teleport). */
  readonly impersonators: readonly string[];
  readonly clusterCidrs: readonly IpRange[];
  /** HK-AL-001: this many 401s from one source, or 403s for one user, within the window. */
  readonly burst401: number;
  readonly burst403: number;
  readonly burstWindowMs: number;
  /** HK-AL-011: silence longer than this between events of one cluster. */
  readonly gapMs: number;
  /** HK-AL-010: subjects with no event in this many days; needs a log spanning them and the bindings. */
  readonly dormantDays: number;
  readonly bindings?: readonly BindingSubject[];
  /** HK-AL-009: DaemonSets whose names match are audit or security collectors. */
  readonly collectorPattern: RegExp;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  isPhi: () => true,
  breakGlassGroups: ['break-glass', 'phiguard:break-glass'],
  breakGlassUsers: [],
  breakGlassBindings: [],
  superUsers: ['kubernetes-admin', 'super-admin', 'admin', 'cluster-admin'],
  impersonators: [],
  // Private, loopback, CGNAT and link-local space: where in-cluster callers come from by default.
  clusterCidrs: NON_PUBLIC,
  burst401: 5,
  burst403: 10,
  burstWindowMs: 60_000,
  gapMs: 15 * 60_000,
  dormantDays: 90,
  collectorPattern: /falco|fluent|vector|filebeat|promtail|otel|auditbeat|audit|phiguard/i,
};
