import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { deploymentManifests, generateClusterDump, generateCorpus, kubectlListJson } from './corpus.js';

interface Sample { ms: number; maxRssMb: number }
type Mode = 'js-yaml' | 'json' | 'scan';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, 'scan-child.js');
/** A second, independent generator (namespaces with PHI labels, varied security contexts, RBAC, Ingresses), used from its place in ../shared. */
const GEN_CORPUS = path.resolve(HERE, '../../../shared/bench/gen-corpus.py');

function measure(mode: Mode, file: string): Sample {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', CHILD, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Sample;
}

/** Best time and highest peak memory of N runs, the baseline and the scan taking turns so load hits both alike. */
function interleaved(base: Mode, file: string, runs: number): { base: Sample; scan: Sample } {
  const b: Sample[] = [];
  const s: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(measure(base, file));
    s.push(measure('scan', file));
  }
  const pick = (xs: Sample[]): Sample => ({ ms: Math.min(...xs.map((x) => x.ms)), maxRssMb: Math.max(...xs.map((x) => x.maxRssMb)) });
  return { base: pick(b), scan: pick(s) };
}

/** The Python generator's corpus of n resources, or undefined (with a note) when python3 is not there. */
function genCorpus(n: number, file: string): string | undefined {
  if (!existsSync(GEN_CORPUS)) {
    console.log(`(skipped gen-corpus.py shapes: ${GEN_CORPUS} is missing; it lives in the shared workspace beside the repository)`);
    return undefined;
  }
  try {
    execFileSync('python3', [GEN_CORPUS, String(n), file], { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(file, 'utf8');
  } catch (e) {
    console.log(`(skipped gen-corpus.py shapes: ${(e as Error).message.split('\n')[0] ?? ''})`);
    return undefined;
  }
}

interface Shape {
  readonly name: string;
  readonly base: Exclude<Mode, 'scan'>;
  /** Resource counts this shape is measured at. */
  readonly sizes: readonly number[];
  /** Writes the input for n resources to `file`; false to skip it. */
  readonly write: (n: number, file: string) => boolean;
}

const dumpYaml = (v: unknown): string => yaml.dump(v, { lineWidth: -1, noRefs: true });

function shapes(sizes: readonly number[]): Shape[] {
  const write = (make: (n: number) => string) => (n: number, file: string): boolean => { writeFileSync(file, make(n)); return true; };
  return [
    { name: 'helm-like manifests', base: 'js-yaml', sizes, write: write(generateCorpus) },
    { name: 'kubectl get -o yaml dump', base: 'js-yaml', sizes, write: write((n) => generateClusterDump(n, dumpYaml, (t) => yaml.loadAll(t))) },
    { name: 'gen-corpus.py manifests', base: 'js-yaml', sizes, write: (n, file) => genCorpus(n, file) !== undefined },
    {
      name: 'gen-corpus.py as -o json List', base: 'json', sizes, write: (n, file) => {
        const text = genCorpus(n, `${file}.yaml`);
        if (text === undefined) return false;
        writeFileSync(file, kubectlListJson(yaml.loadAll(text)));
        return true;
      },
    },
    { name: 'Deployments -o json List', base: 'json', sizes: [8_000], write: write((n) => kubectlListJson(yaml.loadAll(deploymentManifests(n)), false)) },
  ];
}

/**
 * Whole CLI scan against a bare parse of the same file (js-yaml loadAll, or JSON.parse for JSON), each in a fresh
 * process timed from its start, best of N runs taken in turns (PHIGUARD_BENCH_RUNS sets N).
 */
export async function runScanBench(sizes: readonly number[] = [10_000, 100_000], only?: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-bench-'));
  try {
    console.log('scan benchmark: whole CLI scan vs a bare parse of the same file (js-yaml loadAll; JSON.parse for JSON), fresh process each,');
    console.log('timed from process start, best time and highest peak RSS of runs taken in turns');
    console.log('shape                          resources  file MB  parse ms  scan ms  ratio  parse RSS MB  scan RSS MB  ms per 1k resources');
    for (const shape of shapes(sizes)) {
      if (only !== undefined && !shape.name.includes(only)) continue;
      for (const n of shape.sizes) {
        const file = path.join(dir, `corpus-${n}.${shape.base === 'json' ? 'json' : 'yaml'}`);
        if (!shape.write(n, file)) break;
        const { base, scan } = interleaved(shape.base, file, Number(process.env['PHIGUARD_BENCH_RUNS']) || (n > 50_000 ? 2 : 3));
        const mb = statSync(file).size / 1e6;
        console.log(`${shape.name.padEnd(30)} ${String(n).padStart(9)}  ${mb.toFixed(1).padStart(7)}  ${base.ms.toFixed(0).padStart(8)}  ${scan.ms.toFixed(0).padStart(7)}  ` +
          `${(scan.ms / base.ms).toFixed(2).padStart(5)}  ${base.maxRssMb.toFixed(0).padStart(12)}  ${scan.maxRssMb.toFixed(0).padStart(11)}  ${(scan.ms / (n / 1000)).toFixed(1).padStart(19)}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const sizes = args.map(Number).filter((n) => n > 0);
  const only = args.find((a) => !(Number(a) > 0));
  await runScanBench(sizes.length > 0 ? sizes : undefined, only);
}
