import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { ScanConfig } from '../../src/core/config.js';
import type { Inventory } from '../../src/core/inventory.js';
import { buildInventory } from '../../src/core/inventory.js';
import { parseInputs } from '../../src/sources/inputs.js';

/** Parses YAML into an inventory for model tests; parse errors fail the test. */
export function inventoryOf(yaml: string, config: Partial<ScanConfig> = {}): Inventory {
  const parsed = parseInputs([{ file: 'case.yaml', text: yaml }]);
  if (parsed.errors.length) throw new Error(parsed.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return buildInventory(parsed.resources, { ...DEFAULT_CONFIG, ...config });
}
