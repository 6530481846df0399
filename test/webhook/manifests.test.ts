import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { runCli } from '../support/cli.js';

interface Doc { kind: string; metadata: { name: string }; spec?: Record<string, unknown>; webhooks?: Record<string, unknown>[] }

describe('phiguard generate webhook', () => {
  it('writes manifests that phiguard scan finds nothing wrong with', async () => {
    const gen = await runCli(['generate', 'webhook', '--namespace', 'phiguard-system']);
    assert.equal(gen.code, 0, gen.stderr);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'phiguard-wh-')), 'webhook.yaml');
    writeFileSync(file, gen.stdout);
    const scan = await runCli(['scan', file, '--format', 'json', '--now', '2026-12-01T00:00:00Z']);
    const report = JSON.parse(scan.stdout) as { findings: { control: string; resource?: unknown; message: string }[]; errors: unknown[]; summary: { resources: number } };
    assert.deepEqual(report.errors, []);
    assert.ok(report.summary.resources >= 15);
    const onGenerated = report.findings.filter((f) => f.resource !== undefined);
    assert.deepEqual(onGenerated.map((f) => `${f.control}: ${f.message}`), []);
    // The one cluster-level finding is about the whole cluster (no break-glass binding), not these manifests.
    assert.deepEqual(report.findings.map((f) => f.control), ['HK-EA-001']);
  });

  it('closes failure only for PHI namespaces, exempts kube-system and itself, and times out in 3 s', async () => {
    const gen = await runCli(['generate', 'webhook', '--namespace', 'guard']);
    const docs = yaml.loadAll(gen.stdout) as Doc[];
    const vwc = docs.find((d) => d.kind === 'ValidatingWebhookConfiguration');
    const hooks = vwc?.webhooks ?? [];
    assert.deepEqual(hooks.map((h) => h['failurePolicy']), ['Fail', 'Ignore']);
    for (const h of hooks) {
      assert.equal(h['timeoutSeconds'], 3);
      const text = JSON.stringify(h);
      assert.match(text, /"NotIn","values":\["kube-system","guard"\]/);
      assert.match(text, /system:nodes/);
      assert.match(text, /leases/);
    }
    const deploy = docs.find((d) => d.kind === 'Deployment');
    assert.ok(Number(deploy?.spec?.['replicas']) >= 2);
    for (const kind of ['PodDisruptionBudget', 'Service', 'NetworkPolicy', 'ServiceAccount', 'ClusterRole', 'PriorityClass', 'Certificate']) {
      assert.ok(docs.some((d) => d.kind === kind), kind);
    }
  });

  it('refuses a missing namespace and an image without a digest', async () => {
    assert.equal((await runCli(['generate', 'webhook'])).code, 2);
    const r = await runCli(['generate', 'webhook', '--namespace', 'guard', '--image', 'ghcr.io/phiguard/phiguard:latest']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not pinned by an @sha256: digest/);
  });
});
