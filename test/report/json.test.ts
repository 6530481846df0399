import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateCorpus } from '../../bench/corpus.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { evaluate } from '../../src/core/engine.js';
import { formatJson, formatJsonPieces } from '../../src/report/json.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';

const CONFIG = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };
const TOOL = { name: 'phiguard', version: '0.0.0-test' };

describe('formatJsonPieces', () => {
  it('writes exactly formatJson, in several pieces, for a large report', () => {
    const { parsed: _parsed, ...result } = evaluateTexts([{ file: 'big.yaml', text: generateCorpus(6000) }], RULES, CONFIG);
    assert.ok(result.findings.length > 4000, `only ${result.findings.length} findings`);
    const pieces = [...formatJsonPieces({ tool: TOOL, result }, { color: false })];
    assert.ok(pieces.length > 3, 'the findings were cut into pieces');
    const joined = pieces.join('');
    assert.equal(joined, formatJson({ tool: TOOL, result }, { color: false }));
    assert.equal((JSON.parse(joined) as { findings: unknown[] }).findings.length, result.findings.length);
  });

  it('writes exactly formatJson with no findings, and when pretty', () => {
    const result = evaluate({ resources: [] }, RULES, CONFIG);
    assert.equal(result.findings.length, 0);
    for (const pretty of [false, true]) {
      assert.equal([...formatJsonPieces({ tool: TOOL, result }, { color: false, pretty })].join(''), formatJson({ tool: TOOL, result }, { color: false, pretty }));
    }
  });
});
