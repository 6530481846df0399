import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventsOfDocument, viewOf } from '../../src/audit/event.js';
import { bindingFacts } from '../../src/audit/detect/bindings.js';
import { AL_CONTROLS, createDetector } from '../../src/audit/detect/detector.js';
import { DEFAULT_DETECT_OPTIONS } from '../../src/audit/detect/options.js';
import type { DetectOptions } from '../../src/audit/detect/options.js';
import { parseManifests } from '../../src/sources/parse.js';
import { REPO } from './helpers.js';

/** Every HK-AL docs page's failing example is detected and its passing example is not. */
function block(section: string, lang: string): string | undefined {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(section);
  return m?.[1];
}

function controlsRaised(eventsJson: string, opts: DetectOptions): Set<string> {
  const d = createDetector(opts);
  const out = new Set<string>();
  const { events, problems } = eventsOfDocument(JSON.parse(eventsJson));
  assert.deepEqual(problems, [], 'example events are valid');
  assert.ok(events.length > 0);
  events.forEach((e, i) => {
    for (const f of d.observe(viewOf(e, i))) out.add(f.control);
  });
  for (const f of d.finish().findings) out.add(f.control);
  return out;
}

for (const id of AL_CONTROLS) {
  test(`docs/controls/${id}.md examples`, () => {
    const page = readFileSync(join(REPO, 'docs', 'controls', `${id}.md`), 'utf8');
    assert.match(page, new RegExp(`^# ${id}: `));
    assert.match(page, /\*\*HIPAA:\*\* 164\./);
    const [intro, rest] = page.split('## Failing example');
    const [failing, passingAndMore] = (rest ?? '').split('## Passing example');
    assert.ok(failing && passingAndMore, 'page has failing and passing sections');
    assert.match(passingAndMore, /## Remediation\n\n\S/);
    const bindingsYaml = block(intro ?? '', 'yaml');
    let opts: DetectOptions = DEFAULT_DETECT_OPTIONS;
    if (bindingsYaml) {
      const parsed = parseManifests('bindings.yaml', bindingsYaml);
      assert.deepEqual(parsed.errors, []);
      opts = { ...opts, bindings: bindingFacts(parsed.resources).subjects };
    }
    const fail = block(failing, 'json');
    const pass = block(passingAndMore, 'json');
    assert.ok(fail && pass, 'both examples are ```json blocks');
    assert.ok(controlsRaised(fail, opts).has(id), `${id} failing example is detected`);
    assert.ok(!controlsRaised(pass, opts).has(id), `${id} passing example is not detected`);
  });
}
