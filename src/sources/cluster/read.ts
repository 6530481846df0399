import type { InputError } from '../../core/finding.js';
import type { JsonObject, KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import type { UnreadableKind } from '../../core/cluster-scan.js';
import { CLUSTER_SCAN_API_VERSION, CLUSTER_SCAN_KIND } from '../../core/cluster-scan.js';
import type { ServedResource } from './discovery.js';
import { discover } from './discovery.js';
import type { ClusterTarget } from './kubeconfig.js';
import { ClusterError } from './cluster-error.js';
import { loadKubeConfig } from './kubeconfig.js';
import { runLimited } from './limit.js';
import { collectionPath, itemToResource } from './objects.js';
import { openTransport } from './transport.js';
import type { Transport } from './transport.js';
import { CONTROLLER_KINDS, METADATA_ONLY } from './wanted.js';

export interface ClusterProgress {
  readonly kindsDone: number;
  readonly kinds: number;
  readonly objects: number;
  readonly current: string;
}

export interface ClusterReadOptions extends ClusterTarget {
  /** Read namespaced kinds in these namespaces only (cluster-scoped kinds are always read). */
  readonly namespaces: readonly string[];
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly pageSize?: number;
  readonly progress?: (p: ClusterProgress) => void;
}

export interface ClusterRead {
  readonly resources: KubeResource[];
  readonly errors: InputError[];
  readonly unreadable: UnreadableKind[];
  /** Objects read per kind (before children of controllers were set aside). */
  readonly counts: ReadonlyMap<string, number>;
  readonly server: string;
  readonly context: string;
}

const META_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const MAX_RESTARTS = 3;

function rbacRule(r: ServedResource, namespace: string | undefined): string {
  return `{apiGroups: ["${r.group}"], resources: ["${r.resource}"], verbs: ["list"]}${namespace !== undefined ? ` in namespace ${namespace}` : ''}`;
}

function statusMessage(body: unknown): string {
  return asString(asObject(body)?.['message']) ?? '';
}

type ListOutcome = { items: KubeResource[] } | { forbidden: string } | { gone: true } | { error: string };

/** All pages of one list; an expired continue token starts the list again, up to MAX_RESTARTS times. */
async function listAll(t: Transport, r: ServedResource, namespace: string | undefined, pageSize: number, context: string, onPage: (n: number) => void): Promise<ListOutcome> {
  const metadataOnly = METADATA_ONLY.has(r.resource) && r.group === '';
  const path = collectionPath(r, namespace);
  for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
    const items: KubeResource[] = [];
    let token: string | undefined;
    let expired = false;
    do {
      const reply = await t.get(`${path}?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`, metadataOnly ? META_LIST : 'application/json');
      if (reply.status === 403) return { forbidden: statusMessage(reply.body) };
      if (reply.status === 404) return { gone: true };
      if (reply.status === 401) throw new ClusterError(`${t.server} refused the credentials (401 Unauthorized)`);
      if (reply.status === 410) { expired = true; break; }
      if (reply.status !== 200 || asObject(reply.body) === undefined) return { error: `GET ${path} answered ${reply.status}${statusMessage(reply.body) ? `: ${statusMessage(reply.body)}` : ''}` };
      const body = reply.body as JsonObject;
      let n = 0;
      for (const item of asArray(body['items'])) {
        const res = itemToResource(item, r, metadataOnly, context);
        if (res) { items.push(res); n++; }
      }
      onPage(n);
      token = asString(asObject(body['metadata'])?.['continue']) || undefined;
    } while (token);
    if (!expired) return { items };
  }
  return { error: `GET ${path}: the list kept expiring (410 Gone) ${MAX_RESTARTS + 1} times; the cluster changes faster than it can be read` };
}

/** The controller a child belongs to, when the scan reads that controller's kind too (then the child is judged through it). */
function ownedByReadController(r: KubeResource, readKinds: ReadonlySet<string>): boolean {
  for (const o of asArray(asObject(r.object['metadata'])?.['ownerReferences'])) {
    const ref = asObject(o);
    const kind = asString(ref?.['kind']);
    if (ref?.['controller'] === true && kind && CONTROLLER_KINDS.has(kind) && readKinds.has(kind)) return true;
  }
  return false;
}

/** Reads every wanted kind the cluster serves, page by page, a few requests at a time. */
export async function readCluster(options: ClusterReadOptions): Promise<ClusterRead> {
  const kc = loadKubeConfig(options);
  const context = kc.getCurrentContext();
  const concurrency = options.concurrency ?? 4;
  const t = await openTransport(kc, options.timeoutMs ?? 30_000, concurrency);
  try {
    let served: ServedResource[];
    try {
      served = await discover(t, concurrency);
    } catch (e) {
      throw e instanceof ClusterError ? e : new ClusterError(`cannot reach ${t.server}: ${(e as Error).message}`);
    }
    const tasks = served.flatMap((r) => (r.namespaced && options.namespaces.length > 0 ? options.namespaces.map((ns) => ({ r, ns })) : [{ r, ns: undefined as string | undefined }]));
    const errors: InputError[] = [];
    const unreadable: UnreadableKind[] = [];
    const counts = new Map<string, number>();
    let done = 0;
    let objects = 0;
    const outcomes = await runLimited(tasks, concurrency, async ({ r, ns }) => {
      let outcome: ListOutcome;
      try {
        outcome = await listAll(t, r, ns, options.pageSize ?? 500, context, (n) => {
          objects += n;
          options.progress?.({ kindsDone: done, kinds: tasks.length, objects, current: r.resource });
        });
      } catch (e) {
        if (e instanceof ClusterError) throw e;
        outcome = { error: (e as Error).message };
      }
      done++;
      options.progress?.({ kindsDone: done, kinds: tasks.length, objects, current: r.resource });
      return { r, ns, outcome };
    });
    const resources: KubeResource[] = [];
    for (const { r, ns, outcome } of outcomes) {
      if ('items' in outcome) {
        counts.set(r.kind, (counts.get(r.kind) ?? 0) + outcome.items.length);
        for (const item of outcome.items) resources.push(item);
      } else if ('forbidden' in outcome) {
        if (!unreadable.some((u) => u.kind === r.kind && u.group === r.group)) {
          unreadable.push({ kind: r.kind, group: r.group, resource: r.resource, reason: 'forbidden', message: outcome.forbidden, rule: rbacRule(r, ns) });
        }
      } else if ('error' in outcome) {
        errors.push({ file: collectionPath(r, ns), line: 0, column: 0, message: outcome.error });
        if (!unreadable.some((u) => u.kind === r.kind && u.group === r.group)) unreadable.push({ kind: r.kind, group: r.group, resource: r.resource, reason: 'error', message: outcome.error });
      }
    }
    for (const r of served) {
      if (METADATA_ONLY.has(r.resource) && r.group === '' && (counts.get(r.kind) ?? 0) > 0) {
        unreadable.push({ kind: r.kind, group: r.group, resource: r.resource, reason: 'metadata-only', message: 'read as PartialObjectMetadataList' });
      }
    }
    const readKinds = new Set(counts.keys());
    const kept = resources.filter((x) => !ownedByReadController(x, readKinds));
    kept.push(await clusterScanObject(t, context, options.namespaces, unreadable, counts));
    return { resources: kept, errors, unreadable, counts, server: t.server, context };
  } finally {
    t.close();
  }
}

/** The sum of a Prometheus counter over its series, or undefined when the metric is absent. */
export function counterTotal(text: string, metric: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric) || (line[metric.length] !== '{' && line[metric.length] !== ' ')) continue;
    const value = Number(line.trim().split(/\s+/).at(line.includes('}') ? -1 : 1));
    if (!Number.isNaN(value)) total = (total ?? 0) + value;
  }
  return total;
}

async function clusterScanObject(t: Transport, context: string, namespaces: readonly string[], unreadable: readonly UnreadableKind[], counts: ReadonlyMap<string, number>): Promise<KubeResource> {
  const status: JsonObject = { server: t.server, context };
  const version = await t.get('/version').catch(() => ({ status: 0, body: '' }));
  if (version.status === 200 && asObject(version.body)) {
    const v = version.body as JsonObject;
    status['version'] = { gitVersion: asString(v['gitVersion']) ?? '', major: asString(v['major']) ?? '', minor: asString(v['minor']) ?? '', platform: asString(v['platform']) ?? '' };
  }
  const metrics = await t.get('/metrics', 'text/plain').catch(() => ({ status: 0, body: '' }));
  if (metrics.status === 200 && typeof metrics.body === 'string') {
    const errors = counterTotal(metrics.body, 'apiserver_audit_error_total');
    const events = counterTotal(metrics.body, 'apiserver_audit_event_total');
    status['metrics'] = { readable: true, ...(errors !== undefined ? { auditErrors: errors } : {}), ...(events !== undefined ? { auditEvents: events } : {}) };
  } else {
    status['metrics'] = { readable: false, reason: metrics.status === 403 ? 'forbidden: allow {nonResourceURLs: ["/metrics"], verbs: ["get"]}' : `GET /metrics answered ${metrics.status}` };
  }
  if (namespaces.length > 0) status['namespaces'] = [...namespaces];
  status['unreadable'] = unreadable.map((u) => ({ kind: u.kind, group: u.group, resource: u.resource, reason: u.reason, message: u.message, ...(u.rule ? { rule: u.rule } : {}) }));
  status['counts'] = Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const name = context || 'cluster';
  const path = '/version';
  return {
    ref: { apiVersion: CLUSTER_SCAN_API_VERSION, kind: CLUSTER_SCAN_KIND, name },
    object: { apiVersion: CLUSTER_SCAN_API_VERSION, kind: CLUSTER_SCAN_KIND, metadata: { name }, status },
    origin: { file: path, doc: 0, line: 0, pointer: '', api: { path, kubectl: `kubectl version${context ? ` --context ${context}` : ''}` } },
  };
}
