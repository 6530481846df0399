import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import type { EvaluationResult } from '../../src/core/engine.js';
import { findingFingerprint } from '../../src/report/fingerprint.js';
import { formatSarif } from '../../src/report/sarif.js';
import { REPO_ROOT } from '../support/corpus.js';
import { clinicResult, GOLDEN_TOOL } from './golden.js';

/** The shipped draft-04 schema, with the two draft-04 spellings Ajv's default draft does not read. */
function sarifValidator(): ReturnType<Ajv['compile']> {
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile({ ...rest, $id: id as string });
}

describe('SARIF output', () => {
  let result: EvaluationResult;
  before(async () => { result = await clinicResult(); });

  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const sarif: unknown = JSON.parse(formatSarif({ tool: GOLDEN_TOOL, result }, { color: false }));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
  });

  it('validates with findings on objects read from a cluster (API path as a logical location)', () => {
    const validate = sarifValidator();
    const fromCluster = { ...result, findings: result.findings.map(({ location: _l, ...f }) => ({ ...f, api: { path: `/apis/x/v1/${f.resource?.name ?? 'n'}`, kubectl: `kubectl get x ${f.resource?.name ?? 'n'} -o yaml` } })) };
    const sarif = JSON.parse(formatSarif({ tool: GOLDEN_TOOL, result: fromCluster }, { color: false })) as { runs: { results: { locations: { logicalLocations?: { fullyQualifiedName: string }[] }[] }[] }[] };
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.ok(sarif.runs[0]?.results.every((r) => r.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName.startsWith('/apis/x/v1/')));
  });

  it('the validator rejects a broken document (the test can fail)', () => {
    const validate = sarifValidator();
    const sarif = JSON.parse(formatSarif({ tool: GOLDEN_TOOL, result }, { color: false })) as { runs: { results: { level: string }[] }[] };
    const first = sarif.runs[0]?.results[0];
    assert.ok(first);
    first.level = 'fatal';
    assert.equal(validate(sarif), false);
  });

  it('keeps the same partialFingerprints when a finding moves to another line', () => {
    const moved = { ...result, findings: result.findings.map((f) => (f.location ? { ...f, location: { ...f.location, line: f.location.line + 7 } } : f)) };
    const prints = (r: EvaluationResult): string[] => (JSON.parse(formatSarif({ tool: GOLDEN_TOOL, result: r }, { color: false })) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] })
      .runs[0]?.results.map((x) => x.partialFingerprints['phiguardFinding/v1'] ?? '') ?? [];
    assert.deepEqual(prints(moved), prints(result));
    assert.equal(new Set(prints(result)).size, result.findings.length, 'every finding has its own fingerprint');
    assert.equal(prints(result)[0], result.findings[0] ? findingFingerprint(result.findings[0]) : undefined);
  });
});
