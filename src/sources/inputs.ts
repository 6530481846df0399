import type { InputError } from '../core/finding.js';
import type { KubeResource } from '../core/resource.js';
import { isNodeFileName, parseNodeFile } from './node-files.js';
import type { ParsedText, ParseLimits } from './parse.js';
import { DEFAULT_LIMITS, parseManifests } from './parse.js';

export interface TextInput {
  readonly file: string;
  readonly text: string;
}

export interface ParsedInputs {
  readonly files: ReadonlyMap<string, ParsedText>;
  readonly resources: readonly KubeResource[];
  readonly errors: readonly InputError[];
  readonly skipped: number;
}

export function parseInputs(inputs: readonly TextInput[], limits: ParseLimits = DEFAULT_LIMITS): ParsedInputs {
  return gatherParsed(inputs, inputs.map((input) =>
    (isNodeFileName(input.file) ? parseNodeFile(input.file, input.text) : undefined) ?? parseManifests(input.file, input.text, limits)));
}

/** Puts each input's parsed text (same order) together into one set of resources and errors. */
export function gatherParsed(inputs: readonly TextInput[], parsed: readonly ParsedText[]): ParsedInputs {
  const files = new Map<string, ParsedText>();
  const resources: KubeResource[] = [];
  const errors: InputError[] = [];
  let skipped = 0;
  inputs.forEach((input, i) => {
    const p = parsed[i];
    if (!p) return;
    files.set(input.file, p);
    // Loops, not push(...spread): an input can hold more resources than a call can take arguments.
    for (const r of p.resources) resources.push(r);
    for (const e of p.errors) errors.push(e);
    skipped += p.skipped;
  });
  return { files, resources, errors, skipped };
}
