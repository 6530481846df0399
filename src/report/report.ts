import type { EvaluationResult } from '../core/engine.js';
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
