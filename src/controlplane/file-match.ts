import type { KubeResource } from '../core/resource.js';

function segments(p: string): string[] {
  return p.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

/** How many trailing path segments two paths share (0 when even the base names differ). */
export function sharedSuffix(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  let n = 0;
  while (n < x.length && n < y.length && x[x.length - 1 - n] === y[y.length - 1 - n]) n++;
  return n;
}

/**
 * The scanned resources of the file a node path names. The node's folder was usually copied elsewhere,
 * so the scanned file whose path shares the longest suffix with the named path wins.
 */
export function resourcesAtPath(nodePath: string, candidates: readonly KubeResource[]): KubeResource[] {
  let best = 0;
  let file: string | undefined;
  for (const r of candidates) {
    const n = sharedSuffix(nodePath, r.origin.file);
    if (n > best) { best = n; file = r.origin.file; }
  }
  return file === undefined ? [] : candidates.filter((r) => r.origin.file === file);
}
