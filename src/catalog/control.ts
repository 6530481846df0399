import type { Severity } from './severity.js';

/** What a control needs to be checked: manifests, live cluster, node/control-plane files, audit logs, provider API, evidence. */
export type ScopeLetter = 'M' | 'C' | 'N' | 'A' | 'P' | 'E';

/**
 * Where phiguard judges a control: `scan` (manifests, node files, a cluster read), `cluster` (only a live cluster's
 * state), `trail` (API audit logs, by `phiguard audit detect`) or `manual` (evidence outside the cluster).
 */
export type EvaluationPlace = 'scan' | 'cluster' | 'trail' | 'manual';

export type Safeguard =
  | 'access-control'
  | 'audit-controls'
  | 'integrity'
  | 'authentication'
  | 'transmission-security'
  | 'encryption-at-rest'
  | 'contingency'
  | 'administrative';

export interface Control {
  readonly id: string;
  readonly title: string;
  /** False when this version of phiguard has no rule or detection for a scan, cluster or trail control yet. */
  readonly implemented?: false;
  /** Machine citations of 45 CFR Part 164, e.g. 164.312(a)(1). */
  readonly hipaa: readonly string[];
  /** Severity for PHI-scoped objects. */
  readonly severity: Severity;
  readonly scope: readonly ScopeLetter[];
  readonly evaluatedIn: EvaluationPlace;
  /** CIS Kubernetes (v1.10 numbering), Trivy KSV, Kubescape C- ids. */
  readonly references: readonly string[];
  readonly summary: string;
  readonly remediation: string;
}
