import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../core/finding.js';
import { UsageError } from './command.js';

/** Findings of a previous `scan --format json` report; anything else is refused with the file named. */
export async function readBaseline(file: string, cwd: string): Promise<Finding[]> {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (e) {
    throw new UsageError(`--baseline ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--baseline ${file}: not JSON (${(e as Error).message}); give a report written by phiguard scan --format json`);
  }
  const findings = (doc as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings)) throw new UsageError(`--baseline ${file}: no "findings" array; give a report written by phiguard scan --format json`);
  const bad = findings.findIndex((f) => typeof (f as { control?: unknown } | null)?.control !== 'string' || typeof (f as { path?: unknown }).path !== 'string');
  if (bad >= 0) throw new UsageError(`--baseline ${file}: findings[${bad}] has no control or path`);
  return findings as Finding[];
}
