import type { JsonObject } from '../core/resource.js';

/** Deterministic, realistic audit events for tests and the benchmark (no real data). */

/** A small seeded generator (mulberry32): the same seed gives the same sequence, so a failing test names its input. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['ehr-prod', 'ehr-staging', 'billing', 'kube-system', 'default', 'monitoring'];
const HUMANS = ['alice@example.org', 'bob@example.org', 'carol@example.org', 'dave@example.org'];
const SAS = ['system:serviceaccount:kube-system:replicaset-controller', 'system:serviceaccount:monitoring:prometheus',
  'system:serviceaccount:ehr-prod:ehr-api', 'system:kube-scheduler', 'system:node:node-1'];
const AGENTS = ['kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0', 'kube-controller-manager/v1.33.1 (linux/amd64) kubernetes/8adc0f0/system:serviceaccount:kube-system:replicaset-controller',
  'prometheus/2.53.0', 'kube-scheduler/v1.33.1 (linux/amd64) kubernetes/8adc0f0/scheduler'];

function uuid(r: () => number): string {
  const h = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(r() * 4)]}${h(3)}-${h(12)}`;
}

export interface SyntheticOptions {
  readonly seed?: number;
  /** Milliseconds since the epoch of the first event. */
  readonly start?: number;
  /** Mean milliseconds between events. */
  readonly spacing?: number;
}

/** `count` events starting at index `from` of the deterministic stream for `seed`. */
export function syntheticEvents(count: number, opts: SyntheticOptions = {}, from = 0): JsonObject[] {
  const out: JsonObject[] = [];
  const start = opts.start ?? Date.parse('2026-09-01T08:00:00Z');
  const spacing = opts.spacing ?? 50;
  for (let i = from; i < from + count; i++) {
    const r = prng((opts.seed ?? 1) * 1_000_003 + i);
    const ns = NAMESPACES[Math.floor(r() * NAMESPACES.length)] as string;
    const human = r() < 0.2;
    const username = human ? HUMANS[Math.floor(r() * HUMANS.length)] as string : SAS[Math.floor(r() * SAS.length)] as string;
    const pick = r();
    const [verb, resource, sub, code] = pick < 0.35 ? ['get', 'pods', '', 200] : pick < 0.6 ? ['list', 'configmaps', '', 200]
      : pick < 0.75 ? ['watch', 'endpoints', '', 200] : pick < 0.85 ? ['get', 'secrets', '', r() < 0.9 ? 200 : 403]
        : pick < 0.9 ? ['create', 'pods', 'exec', 101] : pick < 0.97 ? ['patch', 'deployments', '', 200] : ['create', 'rolebindings', '', 201];
    const name = `${resource.slice(0, -1)}-${Math.floor(r() * 500)}`;
    const t = new Date(start + i * spacing);
    const t2 = new Date(start + i * spacing + 3);
    const group = resource === 'deployments' ? 'apps' : resource === 'rolebindings' ? 'rbac.authorization.k8s.io' : '';
    const path = group ? `/apis/${group}/v1/namespaces/${ns}/${resource}` : `/api/v1/namespaces/${ns}/${resource}`;
    const uri = verb === 'list' || verb === 'watch' ? `${path}?limit=500&resourceVersion=0` : sub === 'exec'
      ? `${path}/${name}/exec?command=sh&container=app&stdin=true&stdout=true&tty=true` : `${path}/${name}`;
    const ev: JsonObject = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: verb === 'patch' ? 'Request' : 'Metadata',
      auditID: uuid(r),
      stage: sub === 'exec' ? 'ResponseStarted' : 'ResponseComplete',
      requestURI: uri,
      verb,
      user: {
        username,
        uid: uuid(r),
        groups: human ? ['clinical-eng', 'system:authenticated'] : ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
        ...(human ? { extra: { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${uuid(r).replace(/-/g, '')}`] } } : {}),
      },
      sourceIPs: [human ? `192.0.2.${Math.floor(r() * 250)}` : `10.0.${Math.floor(r() * 8)}.${Math.floor(r() * 250)}`],
      userAgent: AGENTS[Math.floor(r() * AGENTS.length)] as string,
      objectRef: {
        resource,
        namespace: ns,
        ...(verb === 'list' || verb === 'watch' ? {} : { name }),
        apiVersion: 'v1',
        ...(group ? { apiGroup: group } : {}),
        ...(sub ? { subresource: sub } : {}),
      },
      responseStatus: { metadata: {}, code },
      requestReceivedTimestamp: t.toISOString().replace('Z', '123Z'),
      stageTimestamp: t2.toISOString().replace('Z', '456Z'),
      annotations: {
        'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow',
        'authorization.k8s.io/reason': code === 403 ? '' : `RBAC: allowed by RoleBinding "${resource}-access/${ns}" of Role "${resource}-reader" to User "${username}"`,
      },
    };
    if (verb === 'patch') ev['requestObject'] = { spec: { replicas: Math.floor(r() * 5) + 1, template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': t.toISOString() } } } } };
    out.push(ev);
  }
  return out;
}
