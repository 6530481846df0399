// `phiguard scan --cluster` against a FAKE Kubernetes API (test/support/fake-kube), an in-process HTTPS test fixture:
// no Kubernetes API server can be installed here. The objects it serves are the repository's clinic example.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';
import { loadObjects } from '../support/fake-kube/objects.js';
import type { FakeKube } from '../support/fake-kube/server.js';
import { startFakeKube } from '../support/fake-kube/server.js';
import { readCluster } from '../../src/sources/cluster/read.js';

const CLINIC = path.join(REPO_ROOT, 'examples', 'clinic');
const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQyNDI=';
const NOW = ['--now', '2026-11-01T00:00:00Z'];

interface JsonFinding { control: string; message: string; path: string; severity: string; resource?: { kind: string; namespace?: string; name: string }; location?: unknown; api?: { path: string; kubectl: string } }
interface JsonReport { findings: JsonFinding[]; controls: { id: string; status: string; reason?: string }[] }

// A Secret whose value must never appear anywhere phiguard writes, even through kubectl's last-applied annotation.
const SECRET = {
  apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data: { password: SECRET_VALUE },
  metadata: { name: 'db-password', namespace: 'ehr', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { password: SECRET_VALUE } }) } },
};

describe('phiguard scan --cluster (against the fake Kubernetes API test fixture)', () => {
  let fake: FakeKube;
  let dir: string;
  let admin: string;
  let half: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'phiguard-cluster-'));
    fake = await startFakeKube({
      objects: [...loadObjects([CLINIC]), SECRET],
      users: [
        { token: 'admin-token', name: 'admin' },
        { token: 'half-token', name: 'half', forbidden: ['secrets', 'rolebindings.rbac.authorization.k8s.io', 'clusterrolebindings.rbac.authorization.k8s.io', 'networkpolicies.networking.k8s.io'] },
      ],
      metrics: 'apiserver_audit_event_total 120\napiserver_audit_error_total{plugin="webhook"} 0\n',
    });
    admin = path.join(dir, 'admin.kubeconfig');
    half = path.join(dir, 'half.kubeconfig');
    fake.kubeconfig('admin-token', { file: admin, context: 'clinic-admin' });
    fake.kubeconfig('half-token', { file: half, context: 'clinic-half' });
  });
  after(async () => { await fake.close(); });

  it('names each object by its API path and a kubectl command instead of file:line', async () => {
    const r = await runCli(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', ...NOW]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const onObjects = report.findings.filter((f) => f.resource && f.resource.kind !== 'ClusterScan');
    assert.ok(onObjects.length > 0);
    for (const f of onObjects) {
      assert.equal(f.location, undefined);
      assert.ok(f.api, `${f.control} has an API location`);
      assert.match(f.api.path, /^\/apis?\//);
      assert.ok(f.api.path.endsWith(`/${f.resource?.name ?? ''}`));
      assert.match(f.api.kubectl, /^kubectl get \S+ \S+( -n \S+)? --context clinic-admin -o yaml$/);
    }
    const text = await runCli(['scan', '--cluster', '--kubeconfig', admin, ...NOW]);
    assert.match(text.stdout, /\/apis\/apps\/v1\/namespaces\/\S+\/deployments\/\S+ {2}Deployment /);
    assert.match(text.stdout, /see: kubectl get deployments\.apps /);
    const sarif = JSON.parse((await runCli(['scan', '--cluster', '--kubeconfig', admin, '-f', 'sarif', ...NOW])).stdout) as { runs: { results: { locations: { logicalLocations?: { fullyQualifiedName: string }[]; physicalLocation?: unknown }[]; properties: { kubectl?: string } }[] }[] };
    const results = sarif.runs[0]?.results ?? [];
    assert.ok(results.some((x) => x.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName.startsWith('/apis/') && x.locations[0].physicalLocation === undefined));
    assert.ok(results.some((x) => x.properties.kubectl?.startsWith('kubectl get ')));
  });

  it('reads Secrets as metadata only: no value in the report or the saved objects', async () => {
    const saved = path.join(dir, 'saved');
    const r = await runCli(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '--save', saved, ...NOW]);
    assert.ok(!r.stdout.includes(SECRET_VALUE) && !r.stderr.includes(SECRET_VALUE));
    const files = readdirSync(saved);
    for (const f of files) assert.ok(!readFileSync(path.join(saved, f), 'utf8').includes(SECRET_VALUE), `${f} holds no Secret value`);
    const secretsList = fake.requests.filter((q) => q.path === '/api/v1/secrets');
    assert.ok(secretsList.length > 0 && secretsList.every((q) => q.accept.startsWith('application/json;as=PartialObjectMetadataList')));
    const secrets = yaml.load(readFileSync(path.join(saved, 'core.Secret.yaml'), 'utf8')) as { items: Record<string, unknown>[] };
    assert.deepEqual(secrets.items.map((s) => Object.keys(s).sort()), secrets.items.map(() => ['apiVersion', 'kind', 'metadata']));
  });

  it('--save DIR re-runs offline to the same findings', async () => {
    const saved = path.join(dir, 'again');
    const live = JSON.parse((await runCli(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '--save', saved, ...NOW])).stdout) as JsonReport;
    const offline = JSON.parse((await runCli(['scan', saved, '-f', 'json', ...NOW])).stdout) as JsonReport;
    const key = (f: JsonFinding): string => `${f.control}|${f.resource?.kind ?? ''}|${f.resource?.namespace ?? ''}|${f.resource?.name ?? ''}|${f.path}|${f.message}|${f.severity}`;
    assert.deepEqual(offline.findings.map(key).sort(), live.findings.map(key).sort());
    assert.deepEqual(offline.controls, live.controls);
    assert.ok(offline.findings.some((f) => f.location !== undefined));
  });

  it('with half the permissions: one line per forbidden kind with the RBAC rule, and the controls needing them not-evaluated', async () => {
    const full = JSON.parse((await runCli(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', ...NOW])).stdout) as JsonReport;
    const r = await runCli(['scan', '--cluster', '--kubeconfig', half, '-f', 'json', ...NOW]);
    const lines = r.stderr.trim().split('\n').filter((l) => l.includes('forbidden'));
    assert.deepEqual(lines.map((l) => /cannot list (\S+)/.exec(l)?.[1]).sort(),
      ['clusterrolebindings.rbac.authorization.k8s.io', 'networkpolicies.networking.k8s.io', 'rolebindings.rbac.authorization.k8s.io', 'secrets']);
    assert.ok(lines.every((l) => /verbs: \["list"\]/.test(l)));
    assert.ok(lines.some((l) => l.includes('{apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"], verbs: ["list"]}')));
    const report = JSON.parse(r.stdout) as JsonReport;
    const status = (rep: JsonReport, id: string): { status: string; reason?: string } | undefined => rep.controls.find((c) => c.id === id);
    // HK-AC-002 (cluster-admin bindings) needs bindings; HK-NW-001 (default deny) needs NetworkPolicies.
    for (const id of ['HK-AC-002', 'HK-NW-001']) {
      const c = status(report, id);
      assert.equal(c?.status, 'not-evaluated', `${id}: ${JSON.stringify(c)}`);
      assert.match(c.reason ?? '', /forbidden \(allow it with \{apiGroups/);
    }
    assert.ok(full.findings.some((f) => f.control === 'HK-NW-001'), 'the full scan finds namespaces without default deny');
    assert.ok(!report.findings.some((f) => f.control === 'HK-NW-001' || f.control === 'HK-AC-002'), 'findings that may rest on unread objects are set aside');
    // A control needing none of the forbidden kinds is judged as with full rights.
    for (const id of ['HK-PS-001', 'HK-PS-003']) assert.deepEqual(status(report, id), status(full, id));
  });

  it('restarts a list whose continue token expired (410) and reads every object once', async () => {
    const base = { kubeconfig: admin, env: {}, cwd: dir, namespaces: [], pageSize: 2 };
    const first = await readCluster(base);
    fake.expireContinueTokens(2);
    const again = await readCluster(base);
    const names = (rs: typeof first.resources): string[] => rs.map((x) => `${x.ref.kind}/${x.ref.namespace ?? ''}/${x.ref.name}`).sort();
    assert.deepEqual(names(again.resources), names(first.resources));
    assert.equal(new Set(names(again.resources)).size, again.resources.length);
    assert.ok(fake.requests.some((q) => q.status === 410));
    assert.equal(again.errors.length, 0);
  });

  it('--namespace reads namespaced kinds in that namespace only', async () => {
    const read = await readCluster({ kubeconfig: admin, env: {}, cwd: dir, namespaces: ['ehr'] });
    const namespaced = read.resources.filter((x) => x.ref.namespace !== undefined);
    assert.ok(namespaced.length > 0);
    assert.ok(namespaced.every((x) => x.ref.namespace === 'ehr'));
  });

  it('reports progress to a callback, and nothing on a pipe', async () => {
    let calls = 0;
    await readCluster({ kubeconfig: admin, env: {}, cwd: dir, namespaces: [], progress: () => { calls++; } });
    assert.ok(calls > 0);
    const r = await runCli(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', ...NOW]);
    assert.doesNotMatch(r.stderr, /reading the cluster/);
    const tty = await runCli(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', ...NOW], { stderrTty: true });
    assert.ok(tty.stderr.startsWith('\r\x1b[Kreading the cluster: '), 'a progress line that redraws in place');
    assert.match(tty.stderr, /reading the cluster: \d+\/\d+ kinds, \d+ objects \(\w+\)/);
    assert.ok(tty.stderr.endsWith('\r\x1b[K'), 'the progress line is cleared at the end');
    assert.deepEqual(JSON.parse(tty.stdout), JSON.parse(r.stdout));
  });

  it('a slow kind times out as an error for that kind only', async () => {
    const slow = await startFakeKube({ objects: loadObjects([CLINIC]), users: [{ token: 't', name: 'u' }], delayMs: (p) => (p === '/api/v1/configmaps' ? 2000 : 0) });
    try {
      const file = path.join(dir, 'slow.kubeconfig');
      slow.kubeconfig('t', { file });
      const read = await readCluster({ kubeconfig: file, env: {}, cwd: dir, namespaces: [], timeoutMs: 300 });
      assert.deepEqual(read.errors.map((e) => e.file), ['/api/v1/configmaps']);
      assert.match(read.errors[0]?.message ?? '', /no answer within 300 ms/);
      assert.ok(read.resources.some((x) => x.ref.kind === 'Deployment'));
    } finally {
      await slow.close();
    }
  });

  it('without a kubeconfig: a clear error, no request anywhere', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'phiguard-nohome-'));
    const before = fake.requests.length;
    const r = await runCli(['scan', '--cluster'], { env: { HOME: home } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no kubeconfig found: give --kubeconfig FILE, set KUBECONFIG, or create ~\/\.kube\/config/);
    assert.match(r.stderr, /never guesses a server such as localhost:8080/);
    assert.equal(fake.requests.length, before);
    const bad = await runCli(['scan', '--cluster', '--kubeconfig', admin, '--context', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--context nope: no such context in the kubeconfig \(it has clinic-admin\)/);
    const broken = path.join(dir, 'broken.kubeconfig');
    writeFileSync(broken, 'clusters: [\n');
    const b = await runCli(['scan', '--cluster', '--kubeconfig', broken]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /broken\.kubeconfig: not a readable kubeconfig/);
    const usage = await runCli(['scan', '--cluster', 'examples/clinic']);
    assert.equal(usage.code, 2);
    // For files --namespace is the one default namespace; it is repeatable only with --cluster.
    assert.equal((await runCli(['scan', 'examples/clinic', '-n', 'a', '-n', 'b'])).code, 2);
    assert.equal((await runCli(['scan', 'examples/clinic', '--context', 'x'])).code, 2);
  });

  it('KUBECONFIG from the environment and --context pick the credentials', async () => {
    const r = await runCli(['scan', '--cluster', '--context', 'clinic-half', '-f', 'json', ...NOW], { env: { KUBECONFIG: [admin, half].join(path.delimiter) } });
    assert.match(r.stderr, /cannot list secrets \(forbidden\)/);
  });

  it('judges the cluster-only controls from the objects, status and metrics the API returns', async () => {
    // The failing examples of the live controls' docs pages, served through the API with an old version and audit errors.
    // HK-CP-005's page is left out: its Backup has the same name as HK-CP-003's; that Backup has no Restore, so HK-CP-005 fails too.
    const pages = ['HK-CP-003', 'HK-IN-006', 'HK-NW-007', 'HK-IN-005', 'HK-TM-001'];
    const objects = pages.flatMap((id) => {
      const page = readFileSync(path.join(REPO_ROOT, 'docs', 'controls', `${id}.md`), 'utf8');
      const block = /## Failing example\n\n```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
      return yaml.loadAll(block) as Record<string, unknown>[];
    });
    const live = await startFakeKube({ objects, users: [{ token: 't', name: 'u' }], gitVersion: 'v1.29.3', metrics: 'apiserver_audit_error_total{plugin="webhook"} 5\n' });
    try {
      const file = path.join(dir, 'live.kubeconfig');
      live.kubeconfig('t', { file });
      const report = JSON.parse((await runCli(['scan', '--cluster', '--kubeconfig', file, '-f', 'json', ...NOW])).stdout) as JsonReport;
      for (const id of [...pages, 'HK-CP-005', 'HK-IN-010', 'HK-AU-009']) {
        assert.equal(report.controls.find((c) => c.id === id)?.status, 'fail', id);
      }
      const version = report.findings.find((f) => f.control === 'HK-IN-010');
      assert.match(version?.message ?? '', /v1\.29\.3/);
      assert.equal(version?.api?.kubectl, 'kubectl version --context fake');
    } finally {
      await live.close();
    }
  });

  it('judges Pods and ReplicaSets a Deployment owns through the Deployment: one root cause, one finding', async () => {
    const template = { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'registry.example.org/api:1', securityContext: { privileged: true } }] } };
    const owner = (kind: string, name: string): Record<string, unknown> => ({ ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: '1', controller: true }] });
    const objects = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api-5d8f9c7b6', namespace: 'web', ...owner('Deployment', 'api') }, spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-5d8f9c7b6-x2x9k', namespace: 'web', labels: { app: 'api' }, ...owner('ReplicaSet', 'api-5d8f9c7b6') }, spec: template.spec },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'web' }, spec: template.spec },
    ];
    const owned = await startFakeKube({ objects, users: [{ token: 't', name: 'u' }] });
    try {
      const file = path.join(dir, 'owned.kubeconfig');
      owned.kubeconfig('t', { file });
      const report = JSON.parse((await runCli(['scan', '--cluster', '--kubeconfig', file, '-f', 'json', '--only', 'HK-PS-003', ...NOW])).stdout) as JsonReport;
      assert.deepEqual(report.findings.map((f) => `${f.resource?.kind ?? ''}/${f.resource?.name ?? ''}`).sort(), ['Deployment/api', 'Pod/debug']);
    } finally {
      await owned.close();
    }
  });

  it('authenticates through a kubeconfig exec plugin, as client-node runs it', async () => {
    const plugin = path.join(dir, 'token-plugin.mjs');
    writeFileSync(plugin, `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'admin-token' } }));\n`);
    const text = fake.kubeconfig('admin-token').replace(/ {4}token: admin-token\n/, [
      '    exec:', '      apiVersion: client.authentication.k8s.io/v1', `      command: ${JSON.stringify(process.execPath)}`, `      args: [${JSON.stringify(plugin)}]`, '      interactiveMode: Never', '',
    ].join('\n'));
    assert.ok(!text.includes('token: admin-token'));
    const file = path.join(dir, 'exec.kubeconfig');
    writeFileSync(file, text);
    const read = await readCluster({ kubeconfig: file, env: {}, cwd: dir, namespaces: [] });
    assert.deepEqual(read.unreadable.filter((u) => u.reason !== 'metadata-only'), []);
    assert.ok(read.resources.some((x) => x.ref.kind === 'Deployment'));
  });
});
