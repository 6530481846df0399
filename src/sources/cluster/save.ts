import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import type { KubeResource } from '../../core/resource.js';
import { apiGroupOf } from '../../core/resource.js';

function fileNameOf(r: KubeResource): string {
  const group = apiGroupOf(r.ref.apiVersion);
  return `${(group || 'core').replace(/[^\w.-]/g, '_')}.${r.ref.kind}.yaml`;
}

/**
 * Writes the objects a cluster scan read (Secrets as metadata only, as they were read) as one `kind: List` per kind,
 * so `phiguard scan DIR` re-runs the same scan offline. Returns the files written.
 */
export async function saveClusterRead(dir: string, resources: readonly KubeResource[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const byFile = new Map<string, KubeResource[]>();
  for (const r of resources) {
    const name = fileNameOf(r);
    let list = byFile.get(name);
    if (!list) byFile.set(name, (list = []));
    list.push(r);
  }
  const written: string[] = [];
  for (const [name, list] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(dir, name);
    const header = `# Read by phiguard scan --cluster from ${list[0]?.origin.api?.path.replace(/\/[^/]+$/, '') ?? 'the cluster'}; Secrets hold metadata only.\n`;
    await writeFile(file, header + yaml.dump({ apiVersion: 'v1', kind: 'List', items: list.map((r) => r.object) }, { noRefs: true, lineWidth: -1, sortKeys: false }), { mode: 0o600 });
    written.push(file);
  }
  return written;
}
