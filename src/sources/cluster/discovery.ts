import { isWanted, WANTED } from './wanted.js';
import type { Transport } from './transport.js';
import { ClusterError } from './cluster-error.js';
import { runLimited } from './limit.js';

/** A listable resource the cluster serves, at its preferred version. */
export interface ServedResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

interface ApiResource { name?: unknown; kind?: unknown; namespaced?: unknown; verbs?: unknown }

function resourcesOf(body: unknown, group: string, version: string): ServedResource[] {
  const list = (body as { resources?: unknown } | undefined)?.resources;
  if (!Array.isArray(list)) return [];
  const out: ServedResource[] = [];
  for (const r of list as ApiResource[]) {
    if (typeof r.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string') continue;
    if (!Array.isArray(r.verbs) || !r.verbs.includes('list') || !isWanted(group, r.name)) continue;
    out.push({ group, version, resource: r.name, kind: r.kind, namespaced: r.namespaced === true });
  }
  return out;
}

/** Discovery first: only the wanted groups the cluster serves are asked for their resources. */
export async function discover(t: Transport, concurrency: number): Promise<ServedResource[]> {
  const groups = await t.get('/apis');
  if (groups.status === 401) throw new ClusterError(`${t.server} refused the credentials (401 Unauthorized)`);
  if (groups.status !== 200) throw new ClusterError(`discovery failed: GET /apis answered ${groups.status}`);
  const versions: { group: string; version: string; path: string }[] = [{ group: '', version: 'v1', path: '/api/v1' }];
  const list = (groups.body as { groups?: { name?: unknown; preferredVersion?: { version?: unknown } }[] }).groups ?? [];
  for (const g of list) {
    const version = g.preferredVersion?.version;
    if (typeof g.name !== 'string' || typeof version !== 'string') continue;
    if (!Object.hasOwn(WANTED, g.name)) continue;
    versions.push({ group: g.name, version, path: `/apis/${g.name}/${version}` });
  }
  const found = await runLimited(versions, concurrency, async (v) => {
    const reply = await t.get(v.path);
    // A group version that went away between the two requests (a CRD being deleted) is simply not served.
    if (reply.status === 404 || reply.status === 503) return [];
    if (reply.status !== 200) throw new ClusterError(`discovery failed: GET ${v.path} answered ${reply.status}`);
    return resourcesOf(reply.body, v.group, v.version);
  });
  return found.flat();
}
