/**
 * Cluster scan benchmark: N objects served by the FAKE Kubernetes API (test/support/fake-kube, an in-process test
 * fixture; no API server can be installed here), scanned with `phiguard scan --cluster`, against a file scan of the
 * same objects in the same run. Each scan runs in a fresh process; the fake serves from this one. Best of 3.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import yaml from 'js-yaml';
import { generateCorpus } from './corpus.js';
import { startFakeKube } from '../test/support/fake-kube/server.js';

interface Sample { ms: number; maxRssMb: number }

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scan-child.js');
const run = promisify(execFile);

// The fake answers in this process, so the child runs asynchronously while this event loop serves it.
async function measure(mode: 'scan' | 'cluster', target: string): Promise<Sample> {
  const { stdout } = await run(process.execPath, ['--max-old-space-size=4096', CHILD, mode, target], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Sample;
}

export async function runClusterBench(objects = 20_000): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-cluster-bench-'));
  const generated = yaml.loadAll(generateCorpus(objects)).filter((o): o is Record<string, unknown> => o !== null && typeof o === 'object');
  const fake = await startFakeKube({ objects: generated, users: [{ token: 'bench', name: 'bench' }], metrics: 'apiserver_audit_error_total 0\n' });
  try {
    const kubeconfig = path.join(dir, 'kubeconfig');
    fake.kubeconfig('bench', { file: kubeconfig });
    // The file side holds exactly what the API serves (Secrets as the cluster scan reads them: metadata only).
    const served = fake.allObjects().map((o) => (o['kind'] === 'Secret' ? { apiVersion: 'v1', kind: 'Secret', metadata: o['metadata'] } : o));
    const file = path.join(dir, 'served.yaml');
    writeFileSync(file, served.map((o) => yaml.dump(o, { noRefs: true, lineWidth: -1 })).join('---\n'));
    const samples: { scan: Sample[]; cluster: Sample[] } = { scan: [], cluster: [] };
    for (let i = 0; i < 3; i++) {
      samples.scan.push(await measure('scan', file));
      samples.cluster.push(await measure('cluster', kubeconfig));
    }
    const best = (list: Sample[]): Sample => list.reduce((a, b) => (b.ms < a.ms ? b : a));
    const f = best(samples.scan);
    const c = best(samples.cluster);
    const pages = fake.requests.filter((q) => q.query['limit'] !== undefined).length / 3;
    console.log('cluster benchmark: phiguard scan --cluster over the fake Kubernetes API (a test fixture) vs phiguard scan FILE of the same objects');
    console.log('(fresh process each, timed from process start, best of 3, same run; the fake serves from the benchmark process)');
    console.log('objects  file MB  list pages  file scan ms  cluster scan ms  ratio  file RSS MB  cluster RSS MB  target');
    console.log(`${String(served.length).padStart(7)}  ${(statSync(file).size / 1e6).toFixed(1).padStart(7)}  ${pages.toFixed(0).padStart(10)}  ${f.ms.toFixed(0).padStart(12)}  ` +
      `${c.ms.toFixed(0).padStart(15)}  ${(c.ms / f.ms).toFixed(2).padStart(5)}  ${f.maxRssMb.toFixed(0).padStart(11)}  ${c.maxRssMb.toFixed(0).padStart(14)}  ratio <= 1.50`);
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2]);
  await runClusterBench(n > 0 ? n : undefined);
}
