// Plumbing of the access broker tests: the FAKE Kubernetes API (test/support/fake-kube, an in-process HTTPS test
// fixture, since no API server can be installed here), one kubeconfig per person, a policy file and a trail store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import https from 'node:https';
import type { FakeKube } from '../support/fake-kube/server.js';
import { startFakeKube } from '../support/fake-kube/server.js';
import { runCli } from '../support/cli.js';
import type { CliRun } from '../support/cli.js';

export const PEOPLE = ['alice', 'bob', 'erin', 'carol', 'dave', 'broker', 'admin'] as const;
export type Person = (typeof PEOPLE)[number];

export const POLICY = `phiNamespaces: [clinic]
access:
  groups:
    developers: [alice, dave]
    security: [bob, erin]
    oncall: [carol]
  rules:
    - clusterRoles: [view]
      roles: [phi-reader]
      namespaces: [clinic]
      groups: [developers]
      maxDuration: 4h
      approvals: 1
      approverGroups: [security]
    - clusterRoles: [edit]
      namespaces: [clinic]
      groups: [developers]
      maxDuration: 1h
      approvals: 2
      approverGroups: [security]
  breakGlass:
    groups: [oncall]
    maxDuration: 30m
    clusterRole: admin
`;

export interface World {
  readonly fake: FakeKube;
  readonly dir: string;
  readonly config: string;
  readonly store: string;
  kubeconfig(p: Person): string;
  /** Runs `phiguard access ...` in-process as a person (their kubeconfig, the policy and the store). */
  access(p: Person, args: readonly string[], env?: Record<string, string>): Promise<CliRun>;
  /** Runs any phiguard command in-process in the world's directory. */
  cli(args: readonly string[]): Promise<CliRun>;
  /** Grant RoleBindings now stored by the fake API. */
  grantBindings(): Record<string, unknown>[];
  /** A raw authenticated API call as admin, for changes made "by hand" outside the broker. */
  adminCall(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export async function makeWorld(dir: string, store: string, policy = POLICY): Promise<World> {
  const fake = await startFakeKube({
    objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'clinic' } }],
    users: PEOPLE.map((p) => ({ token: `${p}-token`, name: p })),
  });
  const config = path.join(dir, 'phiguard.yaml');
  writeFileSync(config, policy);
  const files = new Map<Person, string>();
  for (const p of PEOPLE) {
    const f = path.join(dir, `${p}.kubeconfig`);
    fake.kubeconfig(`${p}-token`, { file: f, context: `${p}@fake` });
    files.set(p, f);
  }
  const kubeconfig = (p: Person): string => files.get(p) ?? '';
  return {
    fake, dir, config, store, kubeconfig,
    access: (p, args, env) => runCli(['access', ...args, '--kubeconfig', kubeconfig(p), '--config', config, '--store', store], { cwd: dir, ...(env ? { env } : {}) }),
    cli: (args) => runCli(args, { cwd: dir }),
    grantBindings: () => fake.objectsOf('rolebindings.rbac.authorization.k8s.io').filter((o) => {
      const labels = (o['metadata'] as { labels?: Record<string, string> } | undefined)?.labels ?? {};
      return labels['phiguard.dev/access-grant'] !== undefined;
    }),
    adminCall: (method, apiPath, body) => new Promise((resolve, reject) => {
      const u = new URL(fake.url);
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request({ hostname: u.hostname, port: u.port, path: apiPath, method, ca: fake.tls.caPem,
        headers: { authorization: 'Bearer admin-token', accept: 'application/json', ...(text ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown }));
      });
      req.on('error', reject);
      req.end(text);
    }),
  };
}

/** The id a request or break-glass printed on stdout. */
/** A world on a SQLite trail in a fresh temporary folder; closeWorld() stops its fake API and removes the folder. */
export async function openTempWorld(): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-access-'));
  return makeWorld(dir, path.join(dir, 'trail.db'));
}

export async function closeWorld(w: World): Promise<void> {
  await w.fake.close();
  rmSync(w.dir, { recursive: true, force: true });
}

export function idOf(r: CliRun): string {
  const id = r.stdout.trim().split('\n')[0] ?? '';
  if (!/^[0-9a-f]{10}$/.test(id)) throw new Error(`no request id in output: ${r.stdout} ${r.stderr}`);
  return id;
}

/** One audit.k8s.io/v1 Event line, as the API server would log a request by `user` now. */
export function apiEvent(auditID: string, user: string, verb: string, resource: string, namespace: string, name: string, at = new Date()): string {
  return JSON.stringify({
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID, stage: 'ResponseComplete', verb,
    requestURI: `/api/v1/namespaces/${namespace}/${resource}/${name}`, user: { username: user, groups: ['system:authenticated'] },
    sourceIPs: ['10.0.0.7'], userAgent: 'kubectl/v1.30.4', objectRef: { resource, namespace, name, apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 }, requestReceivedTimestamp: at.toISOString(), stageTimestamp: at.toISOString(),
  }) + '\n';
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
