import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ScanConfig } from '../../src/core/config.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { CONTROL_PLANE_RULES } from '../../src/rules/controlplane/index.js';
import type { TextInput } from '../../src/sources/inputs.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { repoRoot } from '../support/corpus.js';

export const FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'controlplane');
export const CONFIG: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };
export const CP_IDS: ReadonlySet<string> = new Set(CONTROL_PLANE_RULES.map((r) => r.meta.id));

/** Every file of a fixture folder as the scanner sees it, with paths relative to the folder (as if copied from a node's /). */
export function fixtureInputs(name: string): TextInput[] {
  const root = path.join(FIXTURES, name);
  const out: TextInput[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir).sort()) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ file: '/' + path.relative(root, p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

export function scan(inputs: readonly TextInput[], config: Partial<ScanConfig> = {}): ReturnType<typeof evaluateTexts> {
  return evaluateTexts(inputs, CONTROL_PLANE_RULES, { ...CONFIG, ...config });
}

/** "HK-XX-NNN file:line" for each finding, sorted. */
export function summary(result: ReturnType<typeof evaluateTexts>): string[] {
  return result.findings.map((f) => `${f.control} ${f.location?.file ?? ''}:${f.location?.line ?? 0}`).sort();
}
