import { readFileSync } from 'node:fs';
import type { ToolInfo } from '../report/report.js';

/** Name and version from package.json (build/src/cli → repo root). */
export function toolInfo(): ToolInfo {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}
