import type { ResourceRef } from './resource.js';
import type { Severity } from '../catalog/severity.js';

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Where a finding on an object read from a cluster is: its API path and the kubectl command that shows it. */
export interface ApiLocation {
  readonly path: string;
  readonly kubectl: string;
}

/** An RFC 6902 operation, with `path` relative to the resource. */
export type FixOp =
  | { readonly op: 'add' | 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

export interface Fix {
  readonly description: string;
  readonly patch: readonly FixOp[];
}

/** Another finding of the same root cause, folded into the one that lists it. */
export interface RelatedFinding {
  readonly control: string;
  readonly severity: Severity;
  readonly message: string;
  readonly resource?: ResourceRef;
  readonly location?: Location;
  /** Where a cluster scan read the object, when it came from the API rather than a file. */
  readonly api?: ApiLocation;
  readonly path: string;
  /** Hygiene that does not fail its control (see Finding.advisory). */
  readonly advisory?: true;
}

export interface Finding {
  readonly control: string;
  readonly title: string;
  readonly severity: Severity;
  readonly hipaa: readonly string[];
  readonly message: string;
  readonly resource?: ResourceRef;
  readonly location?: Location;
  /** Set instead of `location` for objects read from a cluster's API. */
  readonly api?: ApiLocation;
  /** JSON pointer of the offending field inside the resource. */
  readonly path: string;
  readonly remediation: string;
  readonly fix?: Fix;
  /** True when the resource is in PHI scope (severity applies as catalogued). */
  readonly phi: boolean;
  /** Findings of the same root cause (other resources, other controls) reported as part of this one. */
  readonly related?: readonly RelatedFinding[];
  /** Hygiene beyond what the control requires: the control can pass with it (its status says so). */
  readonly advisory?: true;
}

/** The finding and those folded into it: every control and resource it stands for. */
export function partsOf(f: Finding): readonly (Finding | RelatedFinding)[] {
  return f.related ? [f, ...f.related] : [f];
}

export interface WaivedFinding extends Finding {
  readonly waiver: {
    readonly reason: string; readonly ticket?: string; readonly expires?: string; readonly approver?: string; readonly compensatingControl?: string; readonly source: string;
  };
}

export interface InputError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export const CONTROL_STATUSES = ['pass', 'fail', 'waived', 'not-applicable', 'not-evaluated', 'manual'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface ControlResult {
  readonly id: string;
  readonly status: ControlStatus;
  /** Why the status is what it is, when it is not plainly pass or fail. */
  readonly reason?: string;
}
