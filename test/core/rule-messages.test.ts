import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { defineRule } from '../../src/core/rule.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';

const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: app\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n';

describe('typed rule messages', () => {
  it('takes only the rule\'s own message ids in context.report (the typecheck fails otherwise)', () => {
    const rule = defineRule({
      meta: { id: 'HK-PS-003', slug: 'typed', needs: 'workloads', messages: { known: 'container {{name}} seen' } },
      create: (context) => ({
        container(c) {
          context.report({ resource: c.pod.resource, path: c.path, messageId: 'known', data: { name: c.name } });
          // @ts-expect-error: 'unknown' is not one of this rule's message ids, so this line must not compile.
          context.report({ resource: c.pod.resource, path: c.path, messageId: 'unknown' });
        },
      }),
    });
    // At run time the engine still refuses the id it has no template for, and says so as an input error.
    const result = evaluateTexts([{ file: 'pod.yaml', text: pod }], [rule], { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' });
    assert.deepEqual(result.findings.map((f) => f.message), ['container web seen']);
    assert.match(result.errors[0]?.message ?? '', /rule HK-PS-003 failed on .*: rule HK-PS-003 has no message unknown/);
    // The finding made before the throw still fails the control (a finding wins over an unfinished run).
    assert.equal(result.controls.find((c) => c.id === 'HK-PS-003')?.status, 'fail');
  });

  it('compiles each template once, when the rule is defined', () => {
    const rule = defineRule({ meta: { id: 'HK-PS-003', slug: 'typed', needs: 'workloads', messages: { a: '{{scope}} {{x}}', b: 'plain' } }, create: () => ({}) });
    assert.deepEqual([...rule.compiled.keys()], ['a', 'b']);
    assert.equal(rule.compiled.get('a')?.scoped, true);
    assert.equal(rule.compiled.get('a')?.render({ scope: 'PHI', x: 1 }), 'PHI 1');
    assert.equal(rule.compiled.get('b')?.scoped, false);
  });
});
