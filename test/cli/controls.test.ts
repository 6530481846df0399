import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTROLS } from '../../src/catalog/index.js';
import { RULES } from '../../src/rules/index.js';
import { runCli } from '../support/cli.js';

describe('phiguard controls', () => {
  it('lists every control with its implementation status as JSON', async () => {
    const r = await runCli(['controls', '--format', 'json']);
    assert.equal(r.code, 0);
    const rows = JSON.parse(r.stdout) as { id: string; status: string; hipaa: string[] }[];
    assert.equal(rows.length, CONTROLS.length);
    const implemented = new Set(RULES.map((x) => x.meta.id));
    for (const row of rows) {
      assert.equal(row.status === 'implemented', implemented.has(row.id), row.id);
      assert.ok(row.hipaa.length > 0);
    }
  });

  it('filters by status and counts in text form', async () => {
    const r = await runCli(['controls', '--status', 'missing']);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout, / implemented /);
    assert.match(r.stdout, new RegExp(`${new Set(RULES.map((x) => x.meta.id)).size} of ${CONTROLS.length} controls have a rule`));
    assert.equal((await runCli(['controls', '--status', 'sometimes'])).code, 2);
  });
});
