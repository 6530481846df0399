// A cluster scan through a FAKE Kubernetes API (test/support/fake-kube, an in-process test fixture: no API server can
// be installed here) and a file scan of the very objects it serves must find the same things, apart from location.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { runCli } from '../support/cli.js';
import { REPO_ROOT, requireCorpus } from '../support/corpus.js';
import { loadObjects } from '../support/fake-kube/objects.js';
import { startFakeKube } from '../support/fake-kube/server.js';
import { readCluster } from '../../src/sources/cluster/read.js';

interface JsonFinding { control: string; message: string; path: string; severity: string; phi: boolean; resource?: { kind: string; namespace?: string; name: string } }
interface JsonReport { findings: JsonFinding[]; controls: { id: string; status: string }[] }

const NOW = ['--now', '2026-11-01T00:00:00Z'];
const key = (f: JsonFinding): string => `${f.control}|${f.resource?.kind ?? ''}|${f.resource?.namespace ?? ''}|${f.resource?.name ?? ''}|${f.path}|${f.severity}|${String(f.phi)}|${f.message}`;

describe('cluster scan and file scan of the same objects (fake Kubernetes API test fixture)', () => {
  it('give the same findings apart from location, over the clinic example and corpus manifests', async (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    const sources = [path.join(REPO_ROOT, 'examples', 'clinic'), path.join(corpus, 'kubescape-examples'), path.join(corpus, 'istio-bookinfo'),
      path.join(corpus, 'kubernetes-goat', 'scenarios'), path.join(corpus, 'prometheus-operator', 'example')];
    const fake = await startFakeKube({ objects: loadObjects(sources), users: [{ token: 'tok', name: 'scanner' }] });
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-equivalence-'));
      const kubeconfig = path.join(dir, 'kubeconfig');
      fake.kubeconfig('tok', { file: kubeconfig });
      // The file side holds what the API serves, Secrets as the cluster scan reads them (metadata only), and what the scan
      // learnt about the API itself (its ClusterScan object: version, metrics, completeness), which no manifest carries.
      const read = await readCluster({ kubeconfig, env: {}, cwd: dir, namespaces: [] });
      const clusterScan = read.resources.find((r) => r.ref.kind === 'ClusterScan')?.object;
      assert.ok(clusterScan);
      const served = [...fake.allObjects().map((o) => (o['kind'] === 'Secret' ? { apiVersion: 'v1', kind: 'Secret', metadata: o['metadata'] } : o)), clusterScan];
      const file = path.join(dir, 'served.yaml');
      writeFileSync(file, served.map((o) => yaml.dump(o, { noRefs: true, lineWidth: -1 })).join('---\n'));
      const cluster = await runCli(['scan', '--cluster', '--kubeconfig', kubeconfig, '-f', 'json', '--fail-on', 'critical', ...NOW]);
      const files = await runCli(['scan', file, '-f', 'json', '--fail-on', 'critical', ...NOW]);
      const c = JSON.parse(cluster.stdout) as JsonReport;
      const f = JSON.parse(files.stdout) as JsonReport;
      assert.ok(f.findings.length > 100, `a substantial input (${f.findings.length} findings)`);
      const cKeys = c.findings.map(key).sort();
      const fKeys = f.findings.map(key).sort();
      assert.deepEqual(cKeys.filter((k) => !fKeys.includes(k)), [], 'found by the cluster scan only');
      assert.deepEqual(fKeys.filter((k) => !cKeys.includes(k)), [], 'found by the file scan only');
      assert.deepEqual(c.controls, f.controls);
    } finally {
      await fake.close();
    }
  });
});
