import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { generateClusterDump, generateCorpus } from './corpus.js';

interface Sample { ms: number; maxRssMb: number }

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scan-child.js');

function measure(mode: 'js-yaml' | 'scan', file: string): Sample {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', CHILD, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Sample;
}

function best(mode: 'js-yaml' | 'scan', file: string, runs: number): Sample {
  const samples = Array.from({ length: runs }, () => measure(mode, file));
  return samples.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/** Whole CLI scan against a bare js-yaml loadAll of the same file, each in a fresh process, best of N. */
export async function runScanBench(sizes: readonly number[] = [10_000, 100_000]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-bench-'));
  const shapes: readonly { name: string; make: (n: number) => string }[] = [
    { name: 'helm-like manifests', make: generateCorpus },
    { name: 'kubectl get -o yaml dump', make: (n) => generateClusterDump(n, (v) => yaml.dump(v, { lineWidth: -1, noRefs: true }), (t) => yaml.loadAll(t)) },
  ];
  try {
    console.log('scan benchmark: whole CLI scan vs js-yaml loadAll of the same file (fresh process each, timed from process start, best of runs)');
    console.log('shape                      resources  file MB  js-yaml ms  scan ms  ratio  scan RSS MB  ms per 1k resources');
    for (const shape of shapes) {
      for (const n of sizes) {
        const file = path.join(dir, `corpus-${n}.yaml`);
        writeFileSync(file, shape.make(n));
        const runs = n > 50_000 ? 2 : 3;
        const base = best('js-yaml', file, runs);
        const scan = best('scan', file, runs);
        const mb = statSync(file).size / 1e6;
        console.log(`${shape.name.padEnd(26)} ${String(n).padStart(9)}  ${mb.toFixed(1).padStart(7)}  ${base.ms.toFixed(0).padStart(10)}  ${scan.ms.toFixed(0).padStart(7)}  ` +
          `${(scan.ms / base.ms).toFixed(2).padStart(5)}  ${scan.maxRssMb.toFixed(0).padStart(11)}  ${(scan.ms / (n / 1000)).toFixed(1).padStart(19)}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await runScanBench(sizes.length > 0 ? sizes : undefined);
}
