import type { AccessPolicy } from '../access/policy.js';
import type { Severity } from '../catalog/severity.js';

/** A label selector as in Kubernetes: all matchLabels must match. */
export type LabelSelectorMap = Readonly<Record<string, string>>;

export interface NetworkZone {
  /** Pods with label phiguard.dev/tier=<tier> (or the configured selector) form the zone. */
  readonly name: string;
  readonly selector: LabelSelectorMap;
  /** Zones this one may reach, with optional port restriction; anything else is a violation. */
  readonly mayReach?: readonly { readonly zone: string; readonly ports?: readonly number[] }[];
  /** Whether pods of this zone may open connections to addresses outside the cluster. */
  readonly internetEgress?: boolean;
}

/** How the admission webhook acts on a finding: deny, allow with warnings, or allow and record. */
export type AdmissionMode = 'enforce' | 'warn' | 'audit';

/** `phiguard webhook` settings from the file; the command's flags win over them. */
export interface WebhookSettings {
  /** Mode for PHI-scoped objects (default enforce). */
  readonly phiMode?: AdmissionMode;
  /** Mode for everything else (default warn). */
  readonly defaultMode?: AdmissionMode;
  /** Mode by namespace name; wins over scope. */
  readonly namespaceModes?: Readonly<Record<string, AdmissionMode>>;
  /** On UPDATE, also block findings the old object already had. */
  readonly blockExisting?: boolean;
  /** Largest accepted AdmissionReview in bytes. */
  readonly bodyLimit?: number;
}

export interface Waiver {
  readonly control: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly reason: string;
  readonly approver?: string;
  /** What stands in for the waived control meanwhile (164.306(d)(3) documented alternative). */
  readonly compensatingControl?: string;
  readonly ticket?: string;
  /** RFC 3339 date; an expired waiver no longer suppresses and is itself reported. */
  readonly expires?: string;
}

export interface ScanConfig {
  /** Namespaces in PHI scope by name, by regular expression, or by label selector. */
  readonly phiNamespaces: {
    readonly names: readonly string[];
    readonly patterns: readonly string[];
    readonly selectors: readonly LabelSelectorMap[];
  };
  /** Namespaces treated as phi-adjacent by name. */
  readonly phiAdjacentNamespaces: readonly string[];
  /** Namespace given to namespaced resources that do not name one (kubectl's default). */
  readonly defaultNamespace: string;
  /** Registry prefixes images may come from (HK-IN-003); empty means any registry but deprecated ones. */
  readonly allowedRegistries: readonly string[];
  /** Managed provider, when the control plane is run by it. */
  readonly provider?: 'eks' | 'gke' | 'aks';
  /** Kubernetes minor version of the cluster, e.g. "1.30", when known. */
  readonly kubernetesVersion?: string;
  /** Groups designated for break-glass access (HK-EA, HK-AL-006). */
  readonly breakGlassGroups: readonly string[];
  /** Subjects allowed to read Secrets in PHI namespaces without a finding (HK-AC-004). */
  readonly secretReaders: readonly string[];
  /** Network zones checked against the NetworkPolicy model. */
  readonly zones: readonly NetworkZone[];
  /** Namespaces of ingress controllers, meshes and monitoring allowed into PHI namespaces (HK-NW-006). */
  readonly trustedNamespaces: readonly string[];
  readonly thresholds: {
    readonly projectedTokenMaxSeconds: number;
    readonly streamingIdleTimeoutMaxSeconds: number;
    readonly serviceAccountTokenMaxSeconds: number;
    readonly certificateWarnDays: number;
  };
  /** Controls switched off for this scan. */
  readonly disabledControls: readonly string[];
  readonly waivers: readonly Waiver[];
  /** Fields a config waiver must carry to waive anything; one without them is reported as incomplete instead. */
  readonly waiverPolicy: { readonly requireTicket: boolean; readonly requireExpiry: boolean };
  /** Severity at or above which `scan` exits 1. */
  readonly failOn: Severity;
  /** Settings of the admission webhook (ignored by scan). */
  readonly webhook?: WebhookSettings;
  /** The scan's notion of now (RFC 3339), so time-based checks stay pure and reproducible. */
  readonly now: string;
  /** Largest input document, or item of a List, read (MiB); larger ones are input errors. Default 32. */
  readonly maxDocumentMB?: number;
  /** Just-in-time access and break-glass policy of `phiguard access` (ignored by scan). */
  readonly access?: AccessPolicy;
}

export const DEFAULT_CONFIG: ScanConfig = {
  phiNamespaces: { names: [], patterns: [], selectors: [] },
  phiAdjacentNamespaces: [],
  defaultNamespace: 'default',
  allowedRegistries: [],
  breakGlassGroups: [],
  secretReaders: [],
  zones: [],
  trustedNamespaces: [],
  thresholds: {
    projectedTokenMaxSeconds: 86400,
    streamingIdleTimeoutMaxSeconds: 900,
    serviceAccountTokenMaxSeconds: 86400,
    certificateWarnDays: 30,
  },
  disabledControls: [],
  waivers: [],
  waiverPolicy: { requireTicket: false, requireExpiry: false },
  failOn: 'high',
  now: '1970-01-01T00:00:00Z',
};
