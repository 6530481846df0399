import type { EvaluationResult } from '../core/engine.js';
import type { InputError } from '../core/finding.js';
import type { CliIo } from './command.js';

/** Input errors, then warnings, on stderr (file:line: problem; never the manifest text), for reports written elsewhere. */
export function writeInputProblems(result: Pick<EvaluationResult, 'errors' | 'warnings'>, io: CliIo): void {
  const line = (e: InputError, prefix: string): string => `${e.file}${e.line > 0 ? `:${e.line}:${e.column}` : ''}: ${prefix}${e.message}\n`;
  for (const e of result.errors) io.stderr.write(line(e, ''));
  for (const e of result.warnings) io.stderr.write(line(e, 'warning: '));
}
