import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanConfig } from '../../src/core/config.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { Finding } from '../../src/core/finding.js';
import type { Rule } from '../../src/core/rule.js';
import type { Severity } from '../../src/catalog/severity.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';

export interface ExpectedFinding {
  readonly messageId: string;
  /** 1-based line of the finding in the case's YAML. */
  readonly line?: number;
  readonly severity?: Severity;
  readonly path?: string;
  /** Substring the rendered message must contain. */
  readonly contains?: string;
  /** Resource name the finding must be reported against. */
  readonly resource?: string;
  /** Whether the finding offers a fix. */
  readonly fix?: boolean;
  /** Message ids of the findings of the same root cause folded into this one (any order); absent means none. */
  readonly related?: readonly string[];
}

export interface RuleCase {
  readonly name: string;
  readonly yaml: string;
  readonly config?: Partial<ScanConfig>;
}

export interface InvalidCase extends RuleCase {
  readonly errors: readonly ExpectedFinding[];
}

/** A rule's test cases, kept in a module of their own so the admission-policy test can run them through CEL too. */
export interface RuleCases {
  readonly valid: readonly RuleCase[];
  readonly invalid: readonly InvalidCase[];
}

export const TEST_CONFIG: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };

/** Runs only `rule` over the YAML and returns its findings. */
export function findingsOf(rule: Rule, yaml: string, config: Partial<ScanConfig> = {}, file = 'case.yaml'): Finding[] {
  const result = evaluateTexts([{ file, text: yaml }], [rule], { ...TEST_CONFIG, ...config });
  assert.deepEqual(result.errors, [], 'the case itself must parse without errors');
  return result.findings.filter((f) => f.control === rule.meta.id);
}

/** Runs only `rule` over the YAML and returns the whole evaluation: its findings and the status of its control. */
export function resultOf(rule: Rule, yaml: string, config: Partial<ScanConfig> = {}, file = 'in.yaml'): ReturnType<typeof evaluateTexts> {
  const result = evaluateTexts([{ file, text: yaml }], [rule], { ...TEST_CONFIG, ...config }, { only: [rule.meta.id] });
  assert.deepEqual(result.errors, [], 'the case itself must parse without errors');
  return result;
}

function messagePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '[\\s\\S]*?');
  return new RegExp(`^${escaped}$`);
}

/** Registers node:test cases the ESLint way: valid cases raise nothing, invalid ones exactly the expected findings. */
export function ruleTester(rule: Rule, cases: RuleCases): void {
  describe(`${rule.meta.id} ${rule.meta.slug}`, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const found = findingsOf(rule, c.yaml, c.config);
        assert.deepEqual(found.map((f) => f.message), [], 'expected no findings');
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const found = findingsOf(rule, c.yaml, c.config);
        assert.equal(found.length, c.errors.length, `expected ${c.errors.length} findings, got:\n${found.map((f) => `  ${f.location?.line}: ${f.message}`).join('\n')}`);
        const remaining = [...found];
        const idOf = (message: string): string => Object.entries(rule.meta.messages).find(([, t]) => messagePattern(t).test(message))?.[0] ?? `(unknown) ${message}`;
        for (const e of c.errors) {
          const template = rule.meta.messages[e.messageId];
          assert.ok(template !== undefined, `unknown messageId ${e.messageId}`);
          const pattern = messagePattern(template);
          const idx = remaining.findIndex((f) =>
            pattern.test(f.message) &&
            (e.line === undefined || f.location?.line === e.line) &&
            (e.severity === undefined || f.severity === e.severity) &&
            (e.path === undefined || f.path === e.path) &&
            (e.contains === undefined || f.message.includes(e.contains)) &&
            (e.resource === undefined || f.resource?.name === e.resource) &&
            (e.fix === undefined || (f.fix !== undefined) === e.fix) &&
            JSON.stringify((f.related ?? []).map((r) => idOf(r.message)).sort()) === JSON.stringify([...(e.related ?? [])].sort()));
          assert.ok(idx >= 0, `no finding matches ${JSON.stringify(e)}; got:\n${remaining.map((f) => `  line ${f.location?.line} ${f.severity} ${f.path}: ${f.message}${f.related ? ` [related: ${f.related.map((r) => idOf(r.message)).join(', ')}]` : ''}`).join('\n')}`);
          remaining.splice(idx, 1);
        }
      });
    }
    it('exercises every message', () => {
      const used = new Set(cases.invalid.flatMap((c) => c.errors.flatMap((e) => [e.messageId, ...(e.related ?? [])])));
      const unused = Object.keys(rule.meta.messages).filter((m) => !used.has(m));
      assert.deepEqual(unused, [], 'every message needs an invalid case');
    });
  });
}
