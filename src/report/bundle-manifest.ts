/** The evidence bundle's manifest: the text a signed note carries, one "SHA256  PATH" line per file (docs/evidence-bundle.md). */
export const MANIFEST_HEADER = 'phiguard evidence bundle v1';
export const MANIFEST_FILE = 'MANIFEST.note';

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
}

export class ManifestError extends Error {}

export function manifestText(entries: readonly ManifestEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) if (/[\n\r]/.test(e.path) || e.path === '') throw new ManifestError(`file name ${JSON.stringify(e.path)} cannot be listed in a manifest`);
  return `${MANIFEST_HEADER}\n${sorted.map((e) => `${e.sha256}  ${e.path}`).join('\n')}\n`;
}

export function parseManifest(text: string): ManifestEntry[] {
  const lines = text.split('\n');
  if (lines[0] !== MANIFEST_HEADER) throw new ManifestError(`${MANIFEST_FILE} line 1: expected "${MANIFEST_HEADER}"`);
  const out: ManifestEntry[] = [];
  lines.slice(1, -1).forEach((line, i) => {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) throw new ManifestError(`${MANIFEST_FILE} line ${i + 2}: expected "SHA256  PATH"`);
    out.push({ sha256: m[1] as string, path: m[2] as string });
  });
  return out;
}

export interface BundleProblem {
  readonly kind: 'changed' | 'added' | 'removed';
  readonly path: string;
}

/** What differs between the signed manifest and the files found now. */
export function compareManifest(signed: readonly ManifestEntry[], found: readonly ManifestEntry[]): BundleProblem[] {
  const now = new Map(found.map((e) => [e.path, e.sha256]));
  const listed = new Set(signed.map((e) => e.path));
  const problems: BundleProblem[] = [];
  for (const e of signed) {
    const h = now.get(e.path);
    if (h === undefined) problems.push({ kind: 'removed', path: e.path });
    else if (h !== e.sha256) problems.push({ kind: 'changed', path: e.path });
  }
  for (const e of found) if (!listed.has(e.path)) problems.push({ kind: 'added', path: e.path });
  return problems;
}
