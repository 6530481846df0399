import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { EvaluationResult } from '../../src/core/engine.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateInputs } from '../../src/scan/evaluate-threaded.js';
import { readInputs } from '../../src/sources/files.js';
import { buildReportContext } from '../../src/cli/report-context.js';
import type { ReportContext } from '../../src/report/report.js';
import { REPO_ROOT } from '../support/corpus.js';

export const GOLDEN_NOW = '2026-11-01T00:00:00Z';
export const GOLDEN_TOOL = { name: 'phiguard', version: '0.0.0-golden' };

/** examples/clinic evaluated at a fixed clock, as every golden test sees it. */
export async function clinicResult(): Promise<EvaluationResult> {
  const read = await readInputs(['examples/clinic'], Readable.from([]), REPO_ROOT);
  return evaluateInputs(read.inputs, RULES, { ...DEFAULT_CONFIG, now: GOLDEN_NOW }, {}, read.errors);
}

/** What the HTML report adds for examples/clinic: its files' SHA-256, the masked source lines, the flow map. */
export async function clinicContext(result: EvaluationResult): Promise<ReportContext> {
  const read = await readInputs(['examples/clinic'], Readable.from([]), REPO_ROOT);
  return buildReportContext(read.inputs, REPO_ROOT, result, { ...DEFAULT_CONFIG, now: GOLDEN_NOW });
}

/** Compares with test/fixtures/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead (review the diff). */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(REPO_ROOT, 'test', 'fixtures', 'golden', name);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  assert.ok(existsSync(file), `golden file ${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from ${file}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff`);
}
