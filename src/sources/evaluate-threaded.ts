import type { ScanConfig } from '../core/config.js';
import type { EvaluateOptions, EvaluationResult } from '../core/engine.js';
import { evaluate } from '../core/engine.js';
import type { InputError } from '../core/finding.js';
import type { Rule } from '../core/rule.js';
import type { TextInput } from './evaluate-texts.js';
import { evaluateTexts, parseInputs } from './evaluate-texts.js';
import { limitsFor } from './parse.js';
import { HELPER_MIN_BYTES, startHelperThread } from './helper-thread.js';

/**
 * evaluateTexts for the CLI: findings in large inputs are located by a helper thread (same results, same order),
 * small ones on this thread alone. Only what the report needs is returned, so the texts can be freed.
 */
export async function evaluateInputs(
  inputs: readonly TextInput[],
  rules: readonly Rule[],
  config: ScanConfig,
  options: Omit<EvaluateOptions, 'locate' | 'locator'> = {},
  extraErrors: readonly InputError[] = [],
  minBytes: number = HELPER_MIN_BYTES,
): Promise<EvaluationResult> {
  let bytes = 0;
  for (const i of inputs) bytes += i.text.length;
  const limits = limitsFor(config.maxDocumentMB);
  if (bytes < minBytes) {
    const { parsed: _parsed, ...result } = evaluateTexts(parseInputs(inputs, limits), rules, config, options, extraErrors);
    return result;
  }
  const helper = startHelperThread();
  try {
    helper.share(inputs);
    const parsed = parseInputs(inputs, limits);
    return evaluate({ resources: parsed.resources, errors: [...extraErrors, ...parsed.errors] }, rules, config, { ...options, locator: helper.locator(parsed) });
  } finally {
    await helper.close();
  }
}
