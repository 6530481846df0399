import type { EvaluationResult } from '../core/engine.js';
import type { FlowMap } from '../analysis/exposure/flow-map.js';
import type { StandingHumanAccess } from '../analysis/rbac/jit-access.js';
import type { ReviewReport } from '../audit/review.js';
import type { ControlResult, Finding } from '../core/finding.js';
import type { EvidenceIndex } from './evidence.js';
import type { Trend } from './trend.js';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
}

/** What every formatter receives: the evaluation plus who produced it. */
export interface ReportInput {
  readonly tool: ToolInfo;
  readonly result: EvaluationResult;
  /** Present when the scan was compared with a baseline report. */
  readonly trend?: Trend;
  /** What only a file-based scan knows, for the HTML evidence report; other formats ignore it. */
  readonly context?: ReportContext;
}

export interface InputDigest {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The access review and detections over an audit trail, as `phiguard audit review` and `audit detect` give them. */
export interface AuditSummary {
  /** The store, never with a password in it. */
  readonly store: string;
  readonly entries: number;
  readonly review: ReviewReport;
  readonly detections: { readonly findings: readonly Finding[]; readonly controls: readonly ControlResult[] };
}

export interface ReportContext {
  readonly inputs?: readonly InputDigest[];
  readonly evidence?: EvidenceIndex;
  readonly flowMap?: FlowMap;
  readonly audit?: AuditSummary;
  /** Users and Groups with standing (not just-in-time) read-Secrets or exec in PHI namespaces: the number to drive to zero. */
  readonly standingHumanAccess?: StandingHumanAccess;
}

export interface FormatOptions {
  readonly color: boolean;
  /** Indent JSON for a person reading a terminal; machines get it compact (it is several times smaller and faster). */
  readonly pretty?: boolean;
  /** The scan's clock (RFC 3339), for formats that stamp a time. */
  readonly now?: string;
  /** Text report: only the summary by control and the totals, no finding by finding. */
  readonly quiet?: boolean;
  /** Text report: show only the N most severe findings in detail (the summary still counts all). */
  readonly top?: number;
}

export type Formatter = (input: ReportInput, options: FormatOptions) => string;
