import { randomBytes } from 'node:crypto';
import type { AccessRecord } from '../../access/grant.js';
import { accessRecordEvent, accessRecordOf } from '../../access/grant.js';
import type { AccessPolicy } from '../../access/policy.js';
import type { RequestState } from '../../access/state.js';
import { foldAll } from '../../access/state.js';
import { parseLeaf, toIncoming } from '../../audit/event.js';
import { openStore } from '../../audit/store/open.js';
import type { AuditStore } from '../../audit/store/store.js';
import { CONFIG_FILE_NAME, loadConfig } from '../../config/load.js';
import { loadKubeConfig } from '../../sources/cluster/kubeconfig.js';
import type { Transport } from '../../sources/cluster/transport.js';
import { openTransport } from '../../sources/cluster/transport.js';
import type { CliIo } from '../command.js';
import { UsageError } from '../command.js';

/** The broker's I/O around the pure modules: the policy, who is acting, the trail store and the API server. */
export class AccessRefused extends Error {}

export interface BrokerFlags {
  store?: string;
  config?: string;
  kubeconfig?: string;
  context?: string;
  'as-user'?: string;
}

export interface Broker {
  readonly policy: AccessPolicy;
  readonly configFile: string;
  readonly store: AuditStore;
  close(): Promise<void>;
}

export async function openBroker(io: CliIo, flags: BrokerFlags): Promise<Broker> {
  const config = await loadConfig(flags.config, io.cwd);
  const policy = config.access ?? {};
  const configFile = flags.config ?? CONFIG_FILE_NAME;
  const spec = flags.store ?? policy.store;
  if (spec === undefined) throw new UsageError(`give --store STORE (a SQLite file or postgres:// URL), or set access.store in ${configFile}`);
  const store = await openStore(spec);
  return { policy, configFile, store, close: () => store.close() };
}

/**
 * Who is acting, as the API server authenticated them (SelfSubjectReview): the kubeconfig's user entry is only a local
 * label anyone can rename, so it would let a requester approve their own request. --as-user only where policy allows.
 */
export async function identityOf(io: CliIo, flags: BrokerFlags, broker: Broker): Promise<string> {
  const asUser = flags['as-user'];
  if (asUser !== undefined) {
    if (broker.policy.allowAsUser !== true) throw new UsageError(`--as-user is refused: ${broker.configFile} does not set access.allowAsUser: true (for tests and bots only)`);
    if (asUser.trim() === '') throw new UsageError('--as-user needs a name');
    return asUser;
  }
  const api = await openApi(io, flags);
  try {
    const reply = await api.send('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    const username = authenticatedName(reply.body);
    if ((reply.status === 200 || reply.status === 201) && username !== undefined) return username;
    if (reply.status !== 404) throw new AccessRefused(`the API server did not say who you are (SelfSubjectReview answered HTTP ${reply.status}): phiguard access needs a unique, authenticated user identity`);
  } finally {
    api.close();
  }
  // API servers before 1.28 do not serve SelfSubjectReview: the kubeconfig's user is then all there is, said loudly.
  const kc = loadKubeConfig({ env: io.env, cwd: io.cwd, ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context !== undefined ? { context: flags.context } : {}) });
  const name = kc.getCurrentUser()?.name;
  if (!name) throw new UsageError('the kubeconfig\'s current context names no user: phiguard access needs a unique user identity');
  io.stderr.write(`warning: the API server has no SelfSubjectReview (Kubernetes < 1.28): acting as the kubeconfig's user "${name}", which the server did not confirm\n`);
  return name;
}

/** status.userInfo.username of a SelfSubjectReview reply. */
function authenticatedName(body: unknown): string | undefined {
  const status = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['status'] : undefined;
  const info = typeof status === 'object' && status !== null ? (status as Record<string, unknown>)['userInfo'] : undefined;
  const name = typeof info === 'object' && info !== null ? (info as Record<string, unknown>)['username'] : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export async function openApi(io: CliIo, flags: BrokerFlags): Promise<Transport> {
  const kc = loadKubeConfig({ env: io.env, cwd: io.cwd, ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context !== undefined ? { context: flags.context } : {}) });
  return openTransport(kc, 30_000, 4);
}

/** Every access record in the trail, in log order (API audit events are skipped). */
export async function loadRecords(store: AuditStore): Promise<AccessRecord[]> {
  const out: AccessRecord[] = [];
  for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) {
    for (const r of rows) {
      const rec = accessRecordOf(parseLeaf(r.leaf).event);
      if (rec) out.push(rec);
    }
  }
  return out;
}

export async function loadStates(store: AuditStore): Promise<Map<string, RequestState>> {
  return foldAll(await loadRecords(store));
}

export async function requireState(store: AuditStore, id: string): Promise<RequestState> {
  const s = (await loadStates(store)).get(id);
  if (!s) throw new AccessRefused(`no access request ${id} in the trail (\`phiguard access list --all\` shows them)`);
  return s;
}

/** Appends one record as a Merkle leaf; step is its place in the request's history, so a concurrent writer is caught. */
export async function appendRecord(store: AuditStore, record: AccessRecord, step: number): Promise<void> {
  const incoming = toIncoming(accessRecordEvent(record, step));
  const r = await store.append([incoming], { receivedAt: new Date().toISOString() });
  if (r.appended !== 1) {
    throw new AccessRefused(`request ${record.id} changed meanwhile (step ${step} is already recorded${r.conflicts > 0 ? ' with other content' : ''}); look at \`phiguard access list\` and try again`);
  }
}

export function newRequestId(): string {
  return randomBytes(5).toString('hex');
}

export function nowText(ms = Date.now()): string {
  return new Date(ms).toISOString();
}
