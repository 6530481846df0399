import { SCHEMA_VERSION } from '../core/engine.js';
import type { Formatter, FormatOptions, ReportInput } from './report.js';

/** Findings per piece of compact output: a large report is written piece by piece, never held whole. */
const FINDINGS_PER_PIECE = 2000;

function envelope({ tool, result }: ReportInput): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool,
    findings: result.findings,
    waived: result.waived,
    errors: result.errors,
    // Only when there are some, so reports of clean input keep their shape.
    ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
    controls: result.controls,
    scope: result.scope,
    waiverIssues: result.waiverIssues,
    summary: result.summary,
  };
}

/** The versioned JSON contract documented in docs/json-output.md. */
export const formatJson: Formatter = (input, { pretty }) => JSON.stringify(envelope(input), null, pretty === true ? 2 : undefined) + '\n';

/**
 * formatJson as a sequence of pieces whose concatenation is exactly its output, so a report of a hundred thousand
 * findings never exists as one string (and again as one buffer) in memory.
 */
export function* formatJsonPieces(input: ReportInput, options: FormatOptions): Generator<string> {
  if (options.pretty === true) {
    yield formatJson(input, options);
    return;
  }
  const { findings, ...rest } = envelope(input);
  const list = findings as readonly unknown[];
  const { schemaVersion, tool, ...after } = rest;
  yield JSON.stringify({ schemaVersion, tool }).slice(0, -1) + ',"findings":[';
  for (let i = 0; i < list.length; i += FINDINGS_PER_PIECE) {
    const piece = JSON.stringify(list.slice(i, i + FINDINGS_PER_PIECE)).slice(1, -1);
    yield i === 0 ? piece : ',' + piece;
  }
  yield '],' + JSON.stringify(after).slice(1) + '\n';
}
