import { DEFAULT_CONFIG } from '../src/core/config.js';
import { RULES } from '../src/rules/index.js';
import { evaluateTexts } from '../src/scan/evaluate-texts.js';
import { pathologicalShapes } from './pathological-shapes.js';

/** Scan time of each hostile shape at 64 KiB and 256 KiB, with the time per MB of input: it must stay flat. */
export function runPathologicalBench(): void {
  for (const size of [64 * 1024, 256 * 1024]) {
    for (const shape of pathologicalShapes(size)) {
      const start = performance.now();
      evaluateTexts([{ file: 'hostile.yaml', text: shape.text }], RULES, DEFAULT_CONFIG);
      const ms = performance.now() - start;
      const mb = Buffer.byteLength(shape.text) / (1024 * 1024);
      console.log(`pathological ${String(size / 1024).padStart(3)} KiB ${shape.name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / mb).toFixed(0).padStart(6)} ms/MB`);
    }
  }
}
