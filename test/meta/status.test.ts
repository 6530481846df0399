import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanConfig } from '../../src/core/config.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';

const config: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };

// Objects no rule reads: a custom resource, and a ConfigMap for rules whose declared kinds leave ConfigMaps out.
const UNRELATED = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: default\nspec:\n  size: 1\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\ndata:\n  k: v\n';

describe('a control passes only when it evaluated something', () => {
  for (const rule of RULES) {
    it(`${rule.meta.id} (${rule.meta.slug}) does not pass on input with none of its kinds`, () => {
      const kinds = rule.meta.kinds;
      const inputs = [UNRELATED, ...(kinds && !kinds.includes('ConfigMap') ? [CONFIG_MAP] : [])];
      for (const text of inputs) {
        const result = evaluateTexts([{ file: 'in.yaml', text }], [rule], config, { only: [rule.meta.id] });
        const status = result.controls.find((c) => c.id === rule.meta.id)?.status;
        assert.ok(status !== undefined, `${rule.meta.id} has a status`);
        assert.notEqual(status, 'pass', `${rule.meta.id} passed on ${text.split('\n')[1] ?? ''}`);
      }
    });
  }
});
