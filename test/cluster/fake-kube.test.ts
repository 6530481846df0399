// These tests run against a FAKE Kubernetes API (test/support/fake-kube), an in-process HTTPS test fixture:
// no Kubernetes API server can be installed here. Debian's kubectl talking to it shows it speaks the real protocol.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { readdirSync } from 'node:fs';
import { corpusDir, REPO_ROOT, requireCorpus } from '../support/corpus.js';
import { requireKubectl } from '../support/fake-kube/kubectl.js';
import { loadObjects } from '../support/fake-kube/objects.js';
import type { FakeKube } from '../support/fake-kube/server.js';
import { startFakeKube } from '../support/fake-kube/server.js';

const run = promisify(execFile);
const CLINIC = path.join(REPO_ROOT, 'examples', 'clinic');

interface Reply { readonly status: number; readonly body: Record<string, unknown> }

function request(fake: FakeKube, method: string, p: string, token: string, opts: { accept?: string; body?: unknown } = {}): Promise<Reply> {
  const url = new URL(p, fake.url);
  return new Promise((resolve, reject) => {
    const req = https.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, ca: fake.tls.caPem,
      headers: { authorization: `Bearer ${token}`, accept: opts.accept ?? 'application/json', 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
  });
}

describe('the fake Kubernetes API (a test fixture)', () => {
  let fake: FakeKube;
  before(async () => {
    fake = await startFakeKube({
      objects: loadObjects([CLINIC]),
      users: [{ token: 'admin-token', name: 'admin' }, { token: 'half-token', name: 'half', forbidden: ['secrets', 'deployments.apps'], readOnly: true }],
    });
  });
  after(async () => { await fake.close(); });

  it('pages lists with limit and continue, every object once, with a resourceVersion', async () => {
    const first = await request(fake, 'GET', '/api/v1/namespaces?limit=2', 'admin-token');
    assert.equal(first.status, 200);
    assert.equal(first.body['kind'], 'NamespaceList');
    const meta = first.body['metadata'] as Record<string, unknown>;
    assert.match(String(meta['resourceVersion']), /^\d+$/);
    assert.equal((first.body['items'] as unknown[]).length, 2);
    const names: string[] = [];
    let next: string | undefined = '';
    for (let page = first; ; ) {
      for (const i of page.body['items'] as { metadata: { name: string } }[]) names.push(i.metadata.name);
      next = (page.body['metadata'] as { continue?: string }).continue;
      if (next === undefined) break;
      page = await request(fake, 'GET', `/api/v1/namespaces?limit=2&continue=${encodeURIComponent(next)}`, 'admin-token');
    }
    assert.deepEqual(names, [...new Set(names)].sort());
    assert.equal(names.length, fake.objectsOf('namespaces').length);
  });

  it('answers 410 Expired for an old continue token, 404 for a kind not served, 401 without a token', async () => {
    const first = await request(fake, 'GET', '/api/v1/namespaces?limit=1', 'admin-token');
    fake.expireContinueTokens(1);
    const gone = await request(fake, 'GET', `/api/v1/namespaces?limit=1&continue=${String((first.body['metadata'] as { continue: string }).continue)}`, 'admin-token');
    assert.equal(gone.status, 410);
    assert.equal(gone.body['reason'], 'Expired');
    assert.equal((await request(fake, 'GET', '/apis/velero.io/v1/backups', 'admin-token')).status, 404);
    assert.equal((await request(fake, 'GET', '/api/v1/pods', 'nobody')).status, 401);
  });

  it('gives Table and PartialObjectMetadataList when asked', async () => {
    const table = await request(fake, 'GET', '/api/v1/pods', 'admin-token', { accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' });
    assert.equal(table.body['kind'], 'Table');
    assert.equal((table.body['columnDefinitions'] as { name: string }[])[0]?.name, 'Name');
    const meta = await request(fake, 'GET', '/api/v1/secrets', 'admin-token', { accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' });
    assert.equal(meta.body['kind'], 'PartialObjectMetadataList');
    const items = meta.body['items'] as Record<string, unknown>[];
    assert.ok(items.length > 0);
    for (const i of items) assert.deepEqual(Object.keys(i).sort(), ['apiVersion', 'kind', 'metadata']);
  });

  it('creates, reads, updates and deletes a RoleBinding, and refuses a read-only user with 403', async () => {
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'jit-alice' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }] };
    const base = '/apis/rbac.authorization.k8s.io/v1/namespaces/ehr/rolebindings';
    assert.equal((await request(fake, 'POST', base, 'half-token', { body: rb })).status, 403);
    assert.equal((await request(fake, 'POST', base, 'admin-token', { body: rb })).status, 201);
    assert.equal((await request(fake, 'POST', base, 'admin-token', { body: rb })).status, 409);
    const got = await request(fake, 'GET', `${base}/jit-alice`, 'admin-token');
    assert.equal((got.body['metadata'] as { namespace: string }).namespace, 'ehr');
    const updated = await request(fake, 'PUT', `${base}/jit-alice`, 'admin-token', { body: { ...rb, subjects: [] } });
    assert.deepEqual(updated.body['subjects'], []);
    assert.equal((await request(fake, 'DELETE', `${base}/jit-alice`, 'admin-token')).status, 200);
    assert.equal((await request(fake, 'GET', `${base}/jit-alice`, 'admin-token')).status, 404);
    assert.ok(fake.requests.some((r) => r.method === 'DELETE' && r.path === `${base}/jit-alice` && r.user === 'admin'));
  });
});

describe('Debian kubectl against the fake Kubernetes API (a test fixture, not a real cluster)', () => {
  let fake: FakeKube;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    // The corpus's bad Pods (BishopFox/badPods) give kubectl real Pods to list beside the clinic example.
    const corpus = corpusDir();
    const badPods = corpus ? path.join(corpus, 'badPods', 'manifests') : undefined;
    const pods = badPods ? readdirSync(badPods).map((d) => path.join(badPods, d, 'pod')) : [];
    fake = await startFakeKube({
      objects: loadObjects([CLINIC, ...pods]),
      users: [{ token: 'admin-token', name: 'admin' }, { token: 'half-token', name: 'half', forbidden: ['secrets'] }],
    });
    const home = mkdtempSync(path.join(tmpdir(), 'phiguard-kubectl-'));
    fake.kubeconfig('admin-token', { file: path.join(home, 'admin.kubeconfig') });
    fake.kubeconfig('half-token', { file: path.join(home, 'half.kubeconfig') });
    env = { HOME: home, PATH: process.env['PATH'] ?? '', KUBECONFIG: path.join(home, 'admin.kubeconfig') };
  });
  after(async () => { await fake.close(); });

  const kubectl = async (bin: string, args: string[], kubeconfig?: string): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const r = await run(bin, args, { env: kubeconfig ? { ...env, KUBECONFIG: kubeconfig } : env, timeout: 60_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
    }
  };

  it('kubectl get pods -A prints a table of the pods the fake serves', async (t) => {
    const bin = requireKubectl(t);
    if (!bin || !requireCorpus(t)) return;
    const r = await kubectl(bin, ['get', 'pods', '-A']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    const pods = fake.objectsOf('pods');
    assert.equal(lines.length - 1, pods.length);
    for (const p of pods) {
      const m = p['metadata'] as { name: string; namespace: string };
      assert.ok(lines.some((l) => new RegExp(`^${m.namespace}\\s+${m.name}\\s`).test(l)), `${m.namespace}/${m.name} listed`);
    }
  });

  it('kubectl get deploy -n NS -o json gives the stored Deployments as a List', async (t) => {
    const bin = requireKubectl(t);
    if (!bin) return;
    const deployments = fake.objectsOf('deployments.apps');
    const ns = String((deployments[0]?.['metadata'] as { namespace?: string } | undefined)?.namespace ?? 'default');
    const r = await kubectl(bin, ['get', 'deploy', '-n', ns, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { kind: string; items: { kind: string; metadata: { name: string } }[] };
    assert.equal(list.kind, 'List');
    const want = deployments.filter((d) => (d['metadata'] as { namespace: string }).namespace === ns).map((d) => (d['metadata'] as { name: string }).name);
    assert.deepEqual(list.items.map((i) => i.metadata.name), want);
    assert.ok(list.items.every((i) => i.kind === 'Deployment'), 'kubectl restored the kind the list items omit');
  });

  it('kubectl api-resources reads the discovery documents', async (t) => {
    const bin = requireKubectl(t);
    if (!bin) return;
    const r = await kubectl(bin, ['api-resources']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(r.stdout, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(r.stdout, /^rolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+true\s+RoleBinding$/m);
    assert.doesNotMatch(r.stdout, /pods\/status/);
  });

  it('kubectl shows its Forbidden error for a kind the credentials may not list', async (t) => {
    const bin = requireKubectl(t);
    if (!bin) return;
    const r = await kubectl(bin, ['get', 'secrets', '-A'], path.join(String(env['HOME']), 'half.kubeconfig'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(Forbidden\): secrets is forbidden: User "half" cannot list resource "secrets" in API group "" at the cluster scope/);
  });
});
