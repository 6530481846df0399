import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '../../../src/core/rule.js';
import { fixtureInputs, scan } from '../../controlplane/fixture-scan.js';

/** A finding expected in a fixture: "file:line" and a substring of its message. */
export interface FixtureFinding {
  readonly at: string;
  readonly says: string;
}

/** For each control-plane fixture named, the rule raises exactly these findings (none: the control passes). */
export function fixtureFindings(rule: Rule, expected: Readonly<Record<string, readonly FixtureFinding[]>>): void {
  const control = rule.meta.id;
  describe(`${control} ${rule.meta.slug} on the control-plane fixtures`, () => {
    for (const [fixture, findings] of Object.entries(expected)) {
      it(`${fixture}: ${findings.length === 0 ? 'passes' : findings.map((f) => f.at).join(', ')}`, () => {
        const r = scan(fixtureInputs(fixture));
        assert.deepEqual(r.errors, []);
        const mine = r.findings.filter((f) => f.control === control);
        assert.deepEqual(mine.map((f) => `${f.location?.file ?? ''}:${f.location?.line ?? 0}`).sort(), findings.map((f) => f.at).sort());
        for (const f of findings) assert.ok(mine.some((m) => m.message.includes(f.says)), `a finding at ${f.at} saying "${f.says}"`);
        assert.equal(r.controls.find((c) => c.id === control)?.status, findings.length === 0 ? 'pass' : 'fail');
      });
    }
  });
}
