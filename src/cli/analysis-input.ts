import type { ScanConfig } from '../core/config.js';
import type { InputError } from '../core/finding.js';
import type { Inventory } from '../core/inventory.js';
import { buildInventory } from '../core/inventory.js';
import { loadConfig } from '../config/load.js';
import { parseInputs } from '../sources/inputs.js';
import { limitsFor } from '../sources/parse.js';
import { readInputs } from '../sources/files.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';
import type { OptionSpecs } from './options.js';

/** Input shared by access, netpol and map: the same reading, parsing and config loading as scan. */
export interface AnalysisInput {
  readonly inventory: Inventory;
  readonly config: ScanConfig;
  readonly errors: readonly InputError[];
}

/** Declared once; each analysis command spreads them into its own spec. */
export const INPUT_OPTIONS = {
  config: { type: 'string', short: 'c', value: 'FILE', help: 'configuration file (default .phiguard.yaml when present)' },
  'phi-namespace': { type: 'string', multiple: true, value: 'NS', help: 'put namespace NS in PHI scope' },
  'default-namespace': { type: 'string', value: 'NS', help: 'namespace of resources that name none (default "default")' },
} as const satisfies OptionSpecs;

export async function loadAnalysisInput(
  paths: readonly string[], values: { config?: string | undefined; 'phi-namespace'?: string[] | undefined; 'default-namespace'?: string | undefined }, io: CliIo,
): Promise<AnalysisInput> {
  if (paths.length === 0) throw new UsageError('give at least one file or directory, or - for standard input');
  const base = await loadConfig(values.config, io.cwd);
  const config: ScanConfig = {
    ...base,
    ...(values['default-namespace'] ? { defaultNamespace: values['default-namespace'] } : {}),
    phiNamespaces: { ...base.phiNamespaces, names: [...base.phiNamespaces.names, ...(values['phi-namespace'] ?? [])] },
  };
  const read = await readInputs(paths, io.stdin, io.cwd);
  const parsed = parseInputs(read.inputs, limitsFor(config.maxDocumentMB));
  return { inventory: buildInventory(parsed.resources, config), config, errors: [...read.errors, ...parsed.errors] };
}

/** Prints input errors, then input warnings (objects given twice), to stderr, each once (file:line: problem; never the manifest text). */
export function reportInputErrors(input: Pick<AnalysisInput, 'errors' | 'inventory'>, io: CliIo): void {
  const seen = new Set<string>();
  const write = (e: InputError, prefix: string): void => {
    const line = `${e.file}:${e.line}:${e.column}: ${prefix}${e.message}\n`;
    if (seen.has(line)) return;
    seen.add(line);
    io.stderr.write(line);
  };
  for (const e of input.errors) write(e, '');
  for (const e of input.inventory.duplicates) write(e, 'warning: ');
}

