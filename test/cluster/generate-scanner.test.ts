import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';
import { loadObjects } from '../support/fake-kube/objects.js';
import type { FakeRbacRule } from '../support/fake-kube/server.js';
import { startFakeKube } from '../support/fake-kube/server.js';
import { readCluster } from '../../src/sources/cluster/read.js';

interface Doc { kind: string; metadata: { name: string; namespace?: string }; rules?: FakeRbacRule[]; spec?: Record<string, unknown>; data?: Record<string, string> }

async function generated(args: string[] = []): Promise<{ text: string; docs: Doc[] }> {
  const gen = await runCli(['generate', 'scanner', '--namespace', 'phiguard-scan', ...args]);
  assert.equal(gen.code, 0, gen.stderr);
  return { text: gen.stdout, docs: yaml.loadAll(gen.stdout) as Doc[] };
}

describe('phiguard generate scanner', () => {
  it('writes manifests that phiguard scan finds nothing wrong with', async () => {
    const { text } = await generated();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'phiguard-scanner-')), 'scanner.yaml');
    writeFileSync(file, text);
    const scan = await runCli(['scan', file, '--format', 'json', '--now', '2026-12-01T00:00:00Z']);
    const report = JSON.parse(scan.stdout) as { findings: { control: string; resource?: unknown; message: string }[]; errors: unknown[]; summary: { resources: number } };
    assert.deepEqual(report.errors, []);
    assert.ok(report.summary.resources >= 10);
    assert.deepEqual(report.findings.filter((f) => f.resource !== undefined).map((f) => `${f.control}: ${f.message}`), []);
    // The one cluster-level finding is about the whole cluster (no break-glass binding), not these manifests.
    assert.deepEqual(report.findings.map((f) => f.control), ['HK-EA-001']);
  });

  it('grants list on exactly what the scan reads, never Secrets or a wildcard, and GET /metrics', async () => {
    const { docs } = await generated();
    const role = docs.find((d) => d.kind === 'ClusterRole');
    const rules = role?.rules ?? [];
    const verbs = new Set(rules.flatMap((r) => r.verbs));
    assert.deepEqual([...verbs].sort(), ['get', 'list']);
    assert.ok(rules.every((r) => (r.nonResourceURLs ? r.verbs.join() === 'get' : r.verbs.join() === 'list')));
    assert.ok(!JSON.stringify(rules).includes('"*"'));
    assert.ok(!rules.some((r) => r.apiGroups?.includes('') && r.resources?.includes('secrets')));
    assert.ok(rules.some((r) => r.nonResourceURLs?.includes('/metrics')));
  });

  it('the generated role is enough for a scan: through the fake API, only Secrets stay unread', async () => {
    const { docs } = await generated();
    const rules = docs.find((d) => d.kind === 'ClusterRole')?.rules ?? [];
    // The fake Kubernetes API (a test fixture) enforces these RBAC rules for the scanner's token.
    const fake = await startFakeKube({ objects: loadObjects([path.join(REPO_ROOT, 'examples', 'clinic')]), users: [{ token: 'scanner', name: 'system:serviceaccount:phiguard-scan:phiguard-scanner', rules }],
      metrics: 'apiserver_audit_error_total 0\n' });
    try {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'phiguard-scanner-kc-')), 'kubeconfig');
      fake.kubeconfig('scanner', { file });
      const read = await readCluster({ kubeconfig: file, env: {}, cwd: REPO_ROOT, namespaces: [] });
      assert.deepEqual(read.unreadable.map((u) => `${u.resource}:${u.reason}`), ['secrets:forbidden']);
      assert.deepEqual(read.errors, []);
      assert.ok(fake.requests.every((q) => q.method === 'GET'));
      const scanObject = read.resources.find((r) => r.ref.kind === 'ClusterScan');
      assert.equal((scanObject?.object['status'] as { metrics: { readable: boolean } }).metrics.readable, true);
    } finally {
      await fake.close();
    }
  });

  it('runs the scan in cluster on a schedule with the reports on a volume, and takes the PHI namespaces into its configuration', async () => {
    const { docs } = await generated(['--schedule', '0 */6 * * *', '--phi-namespace', 'ehr']);
    const cron = docs.find((d) => d.kind === 'CronJob');
    assert.equal(cron?.spec?.['schedule'], '0 */6 * * *');
    const text = JSON.stringify(cron);
    assert.match(text, /"scan","--cluster"/);
    assert.match(text, /\/reports\/phiguard-report\.json/);
    assert.match(text, /"policyreport"/);
    assert.match(docs.find((d) => d.kind === 'ConfigMap')?.data?.['config.yaml'] ?? '', /- ehr/);
    assert.ok(docs.some((d) => d.kind === 'PersistentVolumeClaim'));
    assert.equal((await runCli(['generate', 'scanner'])).code, 2);
    assert.equal((await runCli(['generate', 'scanner', '--namespace', 'x', '--image', 'phiguard:latest'])).code, 2);
    assert.equal((await runCli(['generate', 'scanner', '--namespace', 'x', '--schedule', 'sometimes'])).code, 2);
  });
});
