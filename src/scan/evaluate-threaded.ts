import type { ScanConfig } from '../core/config.js';
import type { EvaluateOptions, EvaluationResult } from '../core/engine.js';
import { evaluate } from '../core/engine.js';
import type { InputError } from '../core/finding.js';
import type { KubeResource } from '../core/resource.js';
import type { Rule } from '../core/rule.js';
import type { TextInput } from '../sources/inputs.js';
import { parseInputs } from '../sources/inputs.js';
import { isJsonInput, limitsFor } from '../sources/parse.js';
import { evaluateTexts } from './evaluate-texts.js';
import { HELPER_MAX_BYTES, HELPER_MIN_BYTES, helperPays, startHelperThread } from './helper-thread.js';

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
  maxBytes: number = HELPER_MAX_BYTES,
): Promise<EvaluationResult> {
  return (await evaluateInputsWithResources(inputs, rules, config, options, extraErrors, minBytes, maxBytes)).result;
}

/** evaluateInputs that also hands back the parsed resources, for a report that draws them (the HTML flow map) without parsing twice. */
export async function evaluateInputsWithResources(
  inputs: readonly TextInput[],
  rules: readonly Rule[],
  config: ScanConfig,
  options: Omit<EvaluateOptions, 'locate' | 'locator'> = {},
  extraErrors: readonly InputError[] = [],
  minBytes: number = HELPER_MIN_BYTES,
  maxBytes: number = HELPER_MAX_BYTES,
): Promise<{ readonly result: EvaluationResult; readonly resources: readonly KubeResource[] }> {
  let bytes = 0;
  // Only YAML is located by the helper (see helper-thread.ts share()), so only YAML counts towards starting one.
  for (const i of inputs) if (!isJsonInput(i.file, i.text)) bytes += i.text.length;
  const limits = limitsFor(config.maxDocumentMB);
  if (!helperPays(bytes, minBytes, maxBytes)) {
    const { parsed, ...result } = evaluateTexts(parseInputs(inputs, limits), rules, config, options, extraErrors);
    return { result, resources: parsed.resources };
  }
  const helper = startHelperThread();
  try {
    helper.share(inputs);
    const parsed = parseInputs(inputs, limits);
    const result = await evaluate({ resources: parsed.resources, errors: [...extraErrors, ...parsed.errors] }, rules, config, { ...options, locator: helper.locator(parsed) });
    return { result, resources: parsed.resources };
  } finally {
    await helper.close();
  }
}
