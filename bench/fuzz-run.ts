import { DEFAULT_CONFIG } from '../src/core/config.js';
import { RULES } from '../src/rules/index.js';
import { evaluateTexts } from '../src/scan/evaluate-texts.js';
import { looksBinary } from '../src/sources/files.js';
import { SENTINELS, type FuzzCase } from './fuzz-cases.js';

export interface FuzzOutcome {
  readonly name: string;
  readonly ms: number;
  /** Why the case failed, or undefined: a throw, or a sentinel document not scanned. */
  readonly failure?: string;
  readonly binary: boolean;
}

/** Scans one case as the CLI would read its bytes; never logs the manifest. */
export function runFuzzCase(c: FuzzCase): FuzzOutcome {
  const start = performance.now();
  const binary = looksBinary(c.bytes);
  if (binary) return { name: c.name, ms: performance.now() - start, binary };
  try {
    const r = evaluateTexts([{ file: 'fuzz.yaml', text: c.bytes.toString('utf8') }], RULES, DEFAULT_CONFIG);
    const ms = performance.now() - start;
    const names = new Set(r.parsed.resources.map((x) => x.ref.name));
    const lost = SENTINELS.filter((s) => !names.has(s));
    return lost.length > 0 ? { name: c.name, ms, binary, failure: `sentinel ${lost.join(', ')} not scanned` } : { name: c.name, ms, binary };
  } catch (e) {
    return { name: c.name, ms: performance.now() - start, binary, failure: `threw ${(e as Error).name}: ${(e as Error).message.slice(0, 120)}` };
  }
}
