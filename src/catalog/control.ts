import type { Severity } from '../core/severity.js';

/** What a control needs to be checked: manifests, live cluster, node/control-plane files, audit logs, provider API, evidence. */
export type ScopeLetter = 'M' | 'C' | 'N' | 'A' | 'P' | 'E';

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
  /** Machine citations of 45 CFR Part 164, e.g. 164.312(a)(1). */
  readonly hipaa: readonly string[];
  /** Severity for PHI-scoped objects. */
  readonly severity: Severity;
  readonly scope: readonly ScopeLetter[];
  /** CIS Kubernetes (v1.10 numbering), Trivy KSV, Kubescape C- ids. */
  readonly references: readonly string[];
  readonly summary: string;
  readonly remediation: string;
}
