import type { EvaluationResult } from '../core/engine.js';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
}

/** What every formatter receives: the evaluation plus who produced it. */
export interface ReportInput {
  readonly tool: ToolInfo;
  readonly result: EvaluationResult;
}

export type Formatter = (input: ReportInput, options: { readonly color: boolean }) => string;
