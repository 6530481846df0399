import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

/** The repository root: the nearest directory above this file whose package.json names phiguard (works from test/ and build/test/). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'phiguard') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the phiguard repository root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The shared third-party corpus (../shared/corpus next to the repository), or undefined when it is not there. */
export function corpusDir(): string | undefined {
  const dir = path.resolve(repoRoot(), '..', 'shared', 'corpus');
  return existsSync(path.join(dir, 'INVENTORY.md')) ? dir : undefined;
}

/** The corpus directory; without it the test fails under CI=true and is skipped otherwise. */
export function requireCorpus(t: TestContext): string | undefined {
  const dir = corpusDir();
  if (dir) return dir;
  const message = `corpus not found at ${path.resolve(repoRoot(), '..', 'shared', 'corpus')}`;
  if (process.env['CI'] === 'true') assert.fail(`${message}; CI needs it`);
  t.skip(`${message}; skipping`);
  return undefined;
}

/** The repository root, resolved once (used to find bin/ and examples/ as well). */
export const REPO_ROOT: string = repoRoot();

/** Every .yaml/.yml file under dir, sorted, for tests and benches that walk the corpus. */
export function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}
