import { existsSync, readFileSync } from 'node:fs';
import type { ToolInfo } from '../report/report.js';

/** Name and version from the package.json above this module (build/src/cli or the build/bundle of the CLI). */
export function toolInfo(): ToolInfo {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'phiguard' && pkg.version) return { name: pkg.name, version: pkg.version };
    }
    if (dir.pathname === '/') throw new Error('phiguard cannot find its package.json');
  }
}
