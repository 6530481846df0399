import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestEntry } from '../report/bundle-manifest.js';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every regular file under dir with its digest, paths relative with "/" separators; `skip` is left out. */
export async function digestTree(dir: string, skip: string): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  async function walk(sub: string): Promise<void> {
    for (const e of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) await walk(rel);
      else if (rel !== skip) out.push({ path: rel, sha256: sha256(await readFile(path.join(dir, rel))) });
    }
  }
  await walk('');
  return out;
}
