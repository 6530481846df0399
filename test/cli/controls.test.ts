import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTROLS } from '../../src/catalog/index.js';
import { RULES } from '../../src/rules/index.js';
import { AL_CONTROLS } from '../../src/audit/detect/detector.js';
import { runCli } from '../support/cli.js';

describe('phiguard controls', () => {
  it('lists every control with its implementation status as JSON', async () => {
    const r = await runCli(['controls', '--format', 'json']);
    assert.equal(r.code, 0);
    const rows = JSON.parse(r.stdout) as { id: string; status: string; hipaa: string[]; evaluatedBy: string | null }[];
    assert.equal(rows.length, CONTROLS.length);
    const implemented = new Set([...RULES.map((x) => x.meta.id), ...AL_CONTROLS]);
    for (const row of rows) {
      assert.equal(row.status === 'implemented', implemented.has(row.id), row.id);
      assert.ok(row.hipaa.length > 0);
    }
    // The HK-AL detections are implemented by `audit detect`, and say so.
    const al = rows.filter((x) => x.id.startsWith('HK-AL-'));
    assert.ok(al.length > 0);
    for (const row of al) assert.deepEqual([row.id, row.status, row.evaluatedBy], [row.id, 'implemented', 'phiguard audit detect']);
    assert.equal(rows.find((x) => x.id === 'HK-PS-003')?.evaluatedBy, 'phiguard scan');
  });

  it('filters by status and counts in text form', async () => {
    const r = await runCli(['controls', '--status', 'missing']);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout, / implemented /);
    assert.match(r.stdout, new RegExp(`${new Set([...RULES.map((x) => x.meta.id), ...AL_CONTROLS]).size} of ${CONTROLS.length} controls have a rule`));
    assert.doesNotMatch(r.stdout, /HK-AL-0/);
    assert.equal((await runCli(['controls', '--status', 'sometimes'])).code, 2);
  });
});
