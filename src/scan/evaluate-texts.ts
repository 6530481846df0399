import type { ScanConfig } from '../core/config.js';
import type { EvaluateOptions, EvaluationResult } from '../core/engine.js';
import { evaluate } from '../core/engine.js';
import type { InputError } from '../core/finding.js';
import type { Rule } from '../core/rule.js';
import { makeLocator } from '../sources/locate.js';
import type { ParsedInputs, TextInput } from '../sources/inputs.js';
import { parseInputs } from '../sources/inputs.js';

/** Parse texts and evaluate rules over them, with findings located in the texts. Pure: no I/O. */
export function evaluateTexts(
  inputs: readonly TextInput[] | ParsedInputs,
  rules: readonly Rule[],
  config: ScanConfig,
  options: Omit<EvaluateOptions, 'locate'> = {},
  extraErrors: readonly InputError[] = [],
): EvaluationResult & { readonly parsed: ParsedInputs } {
  const parsed = Array.isArray(inputs) ? parseInputs(inputs as readonly TextInput[]) : (inputs as ParsedInputs);
  const result = evaluate({ resources: parsed.resources, errors: [...extraErrors, ...parsed.errors] }, rules, config, {
    ...options,
    locate: makeLocator(parsed.files),
  });
  return { ...result, parsed };
}
