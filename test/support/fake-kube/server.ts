/**
 * A FAKE Kubernetes API server for tests. No Kubernetes API server can be installed here, so this in-process
 * HTTPS server answers the way kube-apiserver does for the requests phiguard and kubectl make: discovery, paged
 * lists, Table and PartialObjectMetadataList responses, 401/403/404/409/410 Status bodies, and create, get,
 * update and delete of objects. It is a test fixture, never a substitute for scanning a real cluster.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { FakeResource } from './resources.js';
import { BUILTIN_RESOURCES, NOT_SERVED_GROUPS, groupVersionOf, pluralOf, splitApiVersion } from './resources.js';
import type { FakeKubeTls } from './tls.js';
import { makeFakeKubeTls } from './tls.js';

type Obj = Record<string, unknown>;

/** A credential the fake accepts: its bearer token, the user it names, and what it may not do. */
export interface FakeUser {
  readonly token: string;
  readonly name: string;
  /** Resources this user may not touch, as "plural" (core) or "plural.group", e.g. "secrets", "deployments.apps". */
  readonly forbidden?: readonly string[];
  /** Only list/get/watch; create, update and delete answer 403. */
  readonly readOnly?: boolean;
  /** When given, RBAC rules as a ClusterRole holds them: only what they allow is allowed (discovery and /version always are). */
  readonly rules?: readonly FakeRbacRule[];
}

export interface FakeRbacRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

function rulesAllow(rules: readonly FakeRbacRule[], verb: string, group: string, resource: string): boolean {
  const has = (list: readonly string[] | undefined, v: string): boolean => !!list && (list.includes('*') || list.includes(v));
  return rules.some((r) => has(r.verbs, verb) && has(r.apiGroups, group) && has(r.resources, resource));
}

function rulesAllowUrl(rules: readonly FakeRbacRule[], url: string): boolean {
  return rules.some((r) => (r.verbs.includes('get') || r.verbs.includes('*')) && !!r.nonResourceURLs?.some((u) => u === url || u === '*'));
}

export interface FakeKubeOptions {
  readonly objects: readonly Obj[];
  readonly users: readonly FakeUser[];
  /** What /version answers (default v1.30.4). */
  readonly gitVersion?: string;
  /** The body of /metrics (Prometheus text), absent: 404. */
  readonly metrics?: string;
  /** Kinds to serve although no object of theirs is loaded (group/version/plural/kind). */
  readonly extraResources?: readonly FakeResource[];
  /** Milliseconds to wait before answering a request (to exercise client timeouts). */
  readonly delayMs?: (path: string) => number;
  readonly tls?: FakeKubeTls;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly accept: string;
  readonly user: string;
  readonly status: number;
}

export interface FakeKube {
  readonly url: string;
  readonly tls: FakeKubeTls;
  /** Every request answered, in order. */
  readonly requests: RecordedRequest[];
  /** The next `n` requests that present a continue token get 410 Gone, as after an etcd compaction. */
  expireContinueTokens(n?: number): void;
  /** The objects now stored for a resource ("plural" or "plural.group"), in list order. */
  objectsOf(resource: string): Obj[];
  /** Every object stored, as the fake serves them (with the uid, resourceVersion and creationTimestamp it gave). */
  allObjects(): Obj[];
  /** A kubeconfig (YAML text) for one user; written to `file` when given. */
  kubeconfig(token: string, options?: { file?: string; context?: string; namespace?: string }): string;
  close(): Promise<void>;
}

interface Stored { readonly def: FakeResource; readonly items: Map<string, Obj>; sorted?: Obj[] | undefined }

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function metaOf(o: Obj): Obj {
  return isObj(o['metadata']) ? o['metadata'] : {};
}

function keyOf(o: Obj): string {
  const m = metaOf(o);
  return `${typeof m['namespace'] === 'string' ? m['namespace'] : ''}/${typeof m['name'] === 'string' ? m['name'] : ''}`;
}

function status(code: number, reason: string, message: string, details?: Obj): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: code < 400 ? 'Success' : 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function resourceLabel(def: FakeResource): string {
  return def.group === '' ? def.plural : `${def.plural}.${def.group}`;
}

/** The media type the client asked for and the fake can give, from an Accept header like kubectl's. */
function negotiate(accept: string): { as: 'Table' | 'PartialObjectMetadataList' | 'PartialObjectMetadata' | 'plain'; version: string } | undefined {
  if (accept.trim() === '') return { as: 'plain', version: 'v1' };
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim()) as [string, string]));
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    if (p['as'] === undefined) return { as: 'plain', version: 'v1' };
    if (p['g'] !== 'meta.k8s.io' || (p['v'] !== 'v1' && p['v'] !== 'v1beta1')) continue;
    if (p['as'] === 'Table' || p['as'] === 'PartialObjectMetadataList' || p['as'] === 'PartialObjectMetadata') return { as: p['as'], version: p['v'] };
  }
  return undefined;
}

function ageOf(o: Obj): string {
  const t = Date.parse(String(metaOf(o)['creationTimestamp'] ?? ''));
  if (Number.isNaN(t)) return '<unknown>';
  const days = Math.floor((Date.now() - t) / 86_400_000);
  return days > 0 ? `${days}d` : `${Math.max(0, Math.floor((Date.now() - t) / 3_600_000))}h`;
}

function column(name: string, format = ''): Obj {
  return { name, type: name === 'Restarts' ? 'integer' : 'string', format, description: `${name} column`, priority: 0 };
}

/** Table columns and cells in the style kube-apiserver's printers use for a few kinds, Name and Age otherwise. */
function tableOf(def: FakeResource, items: readonly Obj[], version: string, listMeta: Obj): Obj {
  const name = (o: Obj): string => String(metaOf(o)['name'] ?? '');
  let columns: Obj[];
  let cells: (o: Obj) => unknown[];
  if (def.plural === 'pods') {
    columns = [column('Name', 'name'), column('Ready'), column('Status'), column('Restarts'), column('Age')];
    cells = (o) => {
      const containers = Array.isArray((o['spec'] as Obj | undefined)?.['containers']) ? ((o['spec'] as Obj)['containers'] as unknown[]).length : 0;
      const phase = String((o['status'] as Obj | undefined)?.['phase'] ?? 'Pending');
      return [name(o), `${phase === 'Running' ? containers : 0}/${containers}`, phase, 0, ageOf(o)];
    };
  } else if (def.plural === 'deployments') {
    columns = [column('Name', 'name'), column('Ready'), column('Up-to-date'), column('Available'), column('Age')];
    cells = (o) => {
      const replicas = Number((o['spec'] as Obj | undefined)?.['replicas'] ?? 1);
      const ready = Number((o['status'] as Obj | undefined)?.['readyReplicas'] ?? 0);
      return [name(o), `${ready}/${replicas}`, ready, ready, ageOf(o)];
    };
  } else {
    columns = [column('Name', 'name'), column('Age')];
    cells = (o) => [name(o), ageOf(o)];
  }
  return {
    kind: 'Table', apiVersion: `meta.k8s.io/${version}`, metadata: listMeta, columnDefinitions: columns,
    rows: items.map((o) => ({ cells: cells(o), object: { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: metaOf(o) } })),
  };
}

/** A labelSelector of equality terms as kube-apiserver reads them: `k`, `!k`, `k=v`, `k==v`, `k!=v`, comma-separated. */
function labelMatcher(selector: string): (o: Obj) => boolean {
  const terms = selector.split(',').map((t) => t.trim()).filter((t) => t !== '').map((t) => {
    const m = /^(!?)([^=!]+?)\s*(?:(==|=|!=)\s*(.*))?$/.exec(t);
    return { not: m?.[1] === '!', key: m?.[2] ?? t, op: m?.[3], value: m?.[4] ?? '' };
  });
  return (o) => {
    const labels = isObj(metaOf(o)['labels']) ? (metaOf(o)['labels'] as Obj) : {};
    return terms.every((t) => {
      const v = labels[t.key];
      if (t.op === undefined) return t.not ? v === undefined : v !== undefined;
      return t.op === '!=' ? v !== t.value : v === t.value;
    });
  };
}

interface Route { readonly def: FakeResource; readonly namespace?: string; readonly name?: string }

/** Starts the FAKE API server on 127.0.0.1 with a fresh CA. */
export async function startFakeKube(options: FakeKubeOptions): Promise<FakeKube> {
  const tls = options.tls ?? makeFakeKubeTls();
  const defs = new Map<string, FakeResource>();
  const byPath = new Map<string, FakeResource>();
  const add = (d: FakeResource): void => {
    defs.set(`${d.group}/${d.kind}`, d);
    byPath.set(`${groupVersionOf(d)}/${d.plural}`, d);
  };
  for (const d of BUILTIN_RESOURCES) add(d);
  for (const d of options.extraResources ?? []) add(d);
  const store = new Map<FakeResource, Stored>();
  let resourceVersion = 1000;
  const stored = (def: FakeResource): Stored => {
    let s = store.get(def);
    if (!s) store.set(def, (s = { def, items: new Map() }));
    return s;
  };
  const prepare = (o: Obj, def: FakeResource): Obj => {
    const meta = { ...metaOf(o) };
    meta['resourceVersion'] = String(++resourceVersion);
    meta['uid'] ??= randomUUID();
    meta['creationTimestamp'] ??= '2026-01-01T00:00:00Z';
    if (!def.namespaced) delete meta['namespace'];
    return { apiVersion: groupVersionOf(def), kind: def.kind, ...o, metadata: meta };
  };
  for (const o of options.objects) {
    const apiVersion = typeof o['apiVersion'] === 'string' ? o['apiVersion'] : '';
    const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
    const { group, version } = splitApiVersion(apiVersion);
    if (!kind || !apiVersion || NOT_SERVED_GROUPS.has(group) || kind === 'Config' || kind === 'List') continue;
    let def = defs.get(`${group}/${kind}`);
    if (!def) {
      def = { group, version, kind, plural: pluralOf(kind), singular: kind.toLowerCase(), namespaced: typeof metaOf(o)['namespace'] === 'string', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] };
      add(def);
    }
    const meta = metaOf(o);
    const obj = prepare(def.namespaced && typeof meta['namespace'] !== 'string' ? { ...o, metadata: { ...meta, namespace: 'default' } } : o, def);
    stored(def).items.set(keyOf(obj), obj);
  }
  const sortedOf = (s: Stored): Obj[] => (s.sorted ??= [...s.items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o));
  const users = new Map(options.users.map((u) => [u.token, u]));
  const requests: RecordedRequest[] = [];
  let expireNext = 0;

  const groups = (): Map<string, FakeResource[]> => {
    const out = new Map<string, FakeResource[]>();
    for (const d of byPath.values()) {
      const gv = groupVersionOf(d);
      let list = out.get(gv);
      if (!list) out.set(gv, (list = []));
      list.push(d);
    }
    return out;
  };

  const discovery = (gv: string): Obj | undefined => {
    const list = groups().get(gv);
    if (!list) return undefined;
    const resources: Obj[] = [];
    for (const d of list.sort((a, b) => a.plural.localeCompare(b.plural))) {
      resources.push({ name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs, ...(d.shortNames ? { shortNames: d.shortNames } : {}) });
      // Subresources appear in discovery too; clients must skip them when listing.
      if (d.plural === 'pods' || d.plural === 'deployments') resources.push({ name: `${d.plural}/status`, singularName: '', namespaced: true, kind: d.kind, verbs: ['get', 'patch', 'update'] });
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
  };

  const apiGroupList = (): Obj => {
    const names = new Map<string, string[]>();
    for (const gv of groups().keys()) {
      if (!gv.includes('/')) continue;
      const { group, version } = splitApiVersion(gv);
      names.set(group, [...(names.get(group) ?? []), version]);
    }
    return {
      kind: 'APIGroupList', apiVersion: 'v1',
      groups: [...names.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, versions]) => {
        const v = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
        return { name, versions: v, preferredVersion: v[0] };
      }),
    };
  };

  /** /api/v1/... or /apis/G/V/... into the resource, namespace and name it addresses. */
  const route = (parts: readonly string[]): Route | undefined => {
    let gv: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 2) { gv = parts[1] ?? ''; rest = parts.slice(2); }
    else if (parts[0] === 'apis' && parts.length >= 3) { gv = `${parts[1] ?? ''}/${parts[2] ?? ''}`; rest = parts.slice(3); }
    else return undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const def = byPath.get(`${gv}/${rest[2] ?? ''}`);
      if (!def?.namespaced || rest.length > 4) return undefined;
      return { def, namespace: rest[1] ?? '', ...(rest[3] !== undefined ? { name: rest[3] } : {}) };
    }
    if (rest.length < 1 || rest.length > 2) return undefined;
    const def = byPath.get(`${gv}/${rest[0] ?? ''}`);
    if (!def) return undefined;
    return { def, ...(rest[1] !== undefined ? { name: rest[1] } : {}) };
  };

  const forbiddenMessage = (user: FakeUser, verb: string, r: Route): string => {
    const what = `User "${user.name}" cannot ${verb} resource "${r.def.plural}" in API group "${r.def.group}"`;
    const where = r.namespace !== undefined ? ` in the namespace "${r.namespace}"` : ' at the cluster scope';
    return `${r.name !== undefined ? `${r.def.plural} "${r.name}"` : r.def.plural} is forbidden: ${what}${where}`;
  };

  const listOf = (r: Route, query: URLSearchParams): { items: Obj[]; meta: Obj } | { error: Obj } => {
    const selected = labelMatcher(query.get('labelSelector') ?? '');
    const all = sortedOf(stored(r.def)).filter((o) => (r.namespace === undefined || metaOf(o)['namespace'] === r.namespace) && selected(o));
    const limit = Number(query.get('limit') ?? '0');
    const token = query.get('continue');
    let start = 0;
    const rv = String(resourceVersion);
    if (token) {
      if (expireNext > 0) {
        expireNext--;
        return { error: status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.') };
      }
      let parsed: { after?: string; rv?: string } = {};
      try { parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed; } catch { /* answered below */ }
      if (typeof parsed.after !== 'string') return { error: status(400, 'BadRequest', 'continue key is not valid: malformed token') };
      const after = parsed.after;
      start = all.findIndex((o) => keyOf(o) > after);
      if (start < 0) start = all.length;
    }
    const end = limit > 0 ? Math.min(all.length, start + limit) : all.length;
    const items = all.slice(start, end);
    const meta: Obj = { resourceVersion: rv };
    if (end < all.length) {
      const last = items[items.length - 1];
      meta['continue'] = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, after: last ? keyOf(last) : '' })).toString('base64url');
      meta['remainingItemCount'] = all.length - end;
    }
    return { items, meta };
  };

  const send = (res: ServerResponse, code: number, body: unknown, type = 'application/json'): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-cache, private' });
    res.end(text);
  };

  const readBody = (req: IncomingMessage): Promise<Obj | undefined> => new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve(isObj(v) ? v : undefined);
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', () => resolve(undefined));
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, record: (user: string, code: number) => void): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const method = req.method ?? 'GET';
    const accept = req.headers.accept ?? '';
    const auth = req.headers.authorization ?? '';
    const user = auth.startsWith('Bearer ') ? users.get(auth.slice(7)) : undefined;
    const reply = (code: number, body: unknown, type?: string): void => { record(user?.name ?? '', code); send(res, code, body, type); };
    const delay = options.delayMs?.(url.pathname) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (!user) return reply(401, status(401, 'Unauthorized', 'Unauthorized'));
    const parts = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
    const p = url.pathname.replace(/\/+$/, '') || '/';
    // Who the bearer token authenticates as, as kube-apiserver 1.28+ answers it.
    if (method === 'POST' && p === '/apis/authentication.k8s.io/v1/selfsubjectreviews') {
      return reply(201, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null }, status: { userInfo: { username: user.name, groups: ['system:authenticated'] } } });
    }
    if (method === 'GET') {
      if (p === '/version') {
        const gitVersion = options.gitVersion ?? 'v1.30.4';
        const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
        return reply(200, { major: m?.[1] ?? '1', minor: m?.[2] ?? '30', gitVersion, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64' });
      }
      if (p === '/healthz' || p === '/livez' || p === '/readyz') return reply(200, 'ok', 'text/plain');
      if (p === '/metrics' && user.rules && !rulesAllowUrl(user.rules, '/metrics')) return reply(403, status(403, 'Forbidden', `forbidden: User "${user.name}" cannot get path "/metrics"`));
      if (p === '/metrics') return options.metrics !== undefined ? reply(200, options.metrics, 'text/plain; version=0.0.4') : reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      if (p === '/api') return reply(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.host }] });
      if (p === '/apis') return reply(200, apiGroupList());
      const gv = parts[0] === 'api' && parts.length === 2 ? parts[1] : parts[0] === 'apis' && parts.length === 3 ? `${parts[1] ?? ''}/${parts[2] ?? ''}` : undefined;
      if (gv !== undefined) {
        const doc = discovery(gv);
        return doc ? reply(200, doc) : reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      }
    }
    const r = route(parts);
    if (!r) return reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const verb = method === 'GET' ? (r.name !== undefined ? 'get' : url.searchParams.get('watch') ? 'watch' : 'list')
      : method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'DELETE' ? 'delete' : method === 'PATCH' ? 'patch' : method.toLowerCase();
    const label = resourceLabel(r.def);
    if (user.forbidden?.includes(label) || (user.readOnly === true && !['get', 'list', 'watch'].includes(verb)) || (user.rules && !rulesAllow(user.rules, verb, r.def.group, r.def.plural))) {
      return reply(403, status(403, 'Forbidden', forbiddenMessage(user, verb, r), { ...(r.name !== undefined ? { name: r.name } : {}), ...(r.def.group ? { group: r.def.group } : {}), kind: r.def.plural }));
    }
    const s = stored(r.def);
    const notFound = (name: string): void => reply(404, status(404, 'NotFound', `${label} "${name}" not found`, { name, ...(r.def.group ? { group: r.def.group } : {}), kind: r.def.plural }));
    if (verb === 'list') {
      const media = negotiate(accept);
      if (!media) return reply(406, status(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/json;as=Table;g=meta.k8s.io;v=v1, application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1`));
      const list = listOf(r, url.searchParams);
      if ('error' in list) return reply(Number(list.error['code']), list.error);
      if (media.as === 'Table') return reply(200, tableOf(r.def, list.items, media.version, list.meta));
      if (media.as === 'PartialObjectMetadataList' || media.as === 'PartialObjectMetadata') {
        return reply(200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${media.version}`, metadata: list.meta,
          items: list.items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${media.version}`, metadata: metaOf(o) })) });
      }
      // Built-in lists carry no kind/apiVersion on their items; custom resources (served as unstructured) do.
      const builtIn = BUILTIN_RESOURCES.includes(r.def);
      const items = builtIn ? list.items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest) : list.items;
      return reply(200, { kind: `${r.def.kind}List`, apiVersion: groupVersionOf(r.def), metadata: list.meta, items });
    }
    if (verb === 'watch') return reply(405, status(405, 'MethodNotAllowed', 'this fake API server does not implement watch'));
    const key = `${r.namespace ?? ''}/${r.name ?? ''}`;
    if (verb === 'get') {
      const o = s.items.get(key);
      return o ? reply(200, o) : notFound(r.name ?? '');
    }
    if (verb === 'delete') {
      const o = s.items.get(key);
      if (!o) return notFound(r.name ?? '');
      s.items.delete(key);
      s.sorted = undefined;
      return reply(200, status(200, '', '', { name: r.name ?? '', ...(r.def.group ? { group: r.def.group } : {}), kind: r.def.plural, uid: metaOf(o)['uid'] }));
    }
    if (verb === 'create' || verb === 'update') {
      const body = await readBody(req);
      if (!body) return reply(400, status(400, 'BadRequest', 'the request body is not a JSON object'));
      const name = metaOf(body)['name'];
      if (typeof name !== 'string' || name === '') return reply(422, status(422, 'Invalid', `${r.def.kind} "" is invalid: metadata.name: Required value: name or generateName is required`));
      if (verb === 'update' && name !== r.name) return reply(400, status(400, 'BadRequest', `the name of the object (${name}) does not match the name on the URL (${r.name ?? ''})`));
      if (verb === 'create' && r.name !== undefined) return reply(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
      const withNs = r.def.namespaced ? { ...body, metadata: { ...metaOf(body), namespace: r.namespace ?? 'default' } } : body;
      const k = keyOf(withNs);
      const before = s.items.get(k);
      if (verb === 'create' && before) return reply(409, status(409, 'AlreadyExists', `${label} "${name}" already exists`, { name, ...(r.def.group ? { group: r.def.group } : {}), kind: r.def.plural }));
      if (verb === 'update' && !before) return notFound(name);
      const obj = prepare(before ? { ...withNs, metadata: { ...metaOf(withNs), uid: metaOf(before)['uid'], creationTimestamp: metaOf(before)['creationTimestamp'] } } : withNs, r.def);
      s.items.set(k, obj);
      s.sorted = undefined;
      return reply(verb === 'create' ? 201 : 200, obj);
    }
    return reply(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
  };

  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const record = (user: string, code: number): void => {
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), accept: req.headers.accept ?? '', user, status: code });
    };
    handle(req, res, record).catch(() => {
      if (!res.headersSent) send(res, 500, status(500, 'InternalError', 'the fake API server failed on this request'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    tls,
    requests,
    expireContinueTokens(n = 1) { expireNext = n; },
    objectsOf(resource) {
      const def = [...byPath.values()].find((d) => resourceLabel(d) === resource);
      return def ? sortedOf(stored(def)) : [];
    },
    allObjects() {
      return [...store.values()].flatMap((s) => sortedOf(s));
    },
    kubeconfig(token, o = {}) {
      const user = users.get(token)?.name ?? 'user';
      const context = o.context ?? 'fake';
      const text = [
        'apiVersion: v1', 'kind: Config',
        'clusters:', `- name: fake-cluster`, '  cluster:', `    server: ${url}`, `    certificate-authority-data: ${Buffer.from(tls.caPem).toString('base64')}`,
        'users:', `- name: ${user}`, '  user:', `    token: ${token}`,
        'contexts:', `- name: ${context}`, '  context:', '    cluster: fake-cluster', `    user: ${user}`, ...(o.namespace ? [`    namespace: ${o.namespace}`] : []),
        `current-context: ${context}`, '',
      ].join('\n');
      if (o.file) writeFileSync(path.resolve(o.file), text, { mode: 0o600 });
      return text;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
