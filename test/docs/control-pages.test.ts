import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CONTROLS } from '../../src/catalog/index.js';
import type { Control } from '../../src/catalog/index.js';
import { HEADER_END, renderControlPage } from '../../scripts/control-page.js';
import { repoRoot } from '../support/corpus.js';

const page = (id: string): string => join(repoRoot(), 'docs', 'controls', `${id}.md`);

const SAMPLE: Control = {
  id: 'HK-XX-001', title: 'New title', hipaa: ['164.312(b)', '164.312(c)(1)'], severity: 'high', scope: ['M'], evaluatedIn: 'scan',
  references: ['CIS 1.2.3'], summary: 'Catalog summary.', remediation: 'Catalog remediation.',
};

describe('docs/controls pages: header, remediation and references come from the catalog', () => {
  it('every page matches what the catalog gives', () => {
    let checked = 0;
    for (const control of CONTROLS) {
      if (!existsSync(page(control.id))) continue;
      checked++;
      const text = readFileSync(page(control.id), 'utf8');
      assert.ok(text === renderControlPage(control, text),
        `docs/controls/${control.id}.md differs from src/catalog/controls.ts: run \`npm run build && node build/scripts/control-docs.js --write\``);
    }
    assert.ok(checked >= 100, `${checked} pages checked`);
  });

  it('rewrites the catalog parts, keeps the hand-written ones, and is stable', () => {
    const old = '# HK-XX-001: Old title\n\n**HIPAA:** 164.312(b) · **Severity:** low · **Evaluated from:** manifests\n\nWhy it matters.\n\n'
      + '## Failing example\n\n```yaml\n## not a heading\n```\n\n## Remediation\n\nOld advice.\n\nRun it: `phiguard scan`.\n';
    const once = renderControlPage(SAMPLE, old);
    assert.equal(once, '# HK-XX-001: New title\n\n**HIPAA:** 164.312(b), 164.312(c)(1) · **Severity:** high · **Evaluated from:** manifests\n\n'
      + `Catalog summary.\n\n${HEADER_END}\n\nWhy it matters.\n\n## Failing example\n\n\`\`\`yaml\n## not a heading\n\`\`\`\n\n`
      + '## Remediation\n\nCatalog remediation.\n\nRun it: `phiguard scan`.\n\n## References\n\nCIS 1.2.3\n');
    assert.equal(renderControlPage(SAMPLE, once), once);
    assert.notEqual(renderControlPage({ ...SAMPLE, summary: 'Changed.' }, once), once, 'a catalog change shows as a difference');
  });

  it('no page has an empty References section', () => {
    for (const control of CONTROLS) {
      if (!existsSync(page(control.id))) continue;
      assert.match(readFileSync(page(control.id), 'utf8'), /\n## References\n\n\S/, control.id);
    }
  });
});
