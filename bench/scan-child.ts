/**
 * One measurement in a fresh process: `js-yaml FILE` or `json FILE` (baselines), `scan FILE` (the whole CLI), or
 * `cluster KUBECONFIG` (the whole CLI scanning the cluster that kubeconfig names, in the benchmark: the fake API test
 * fixture). Both are timed
 * from process start (performance.now()'s origin), and each side loads only its own modules, so start-up and
 * module loading count on both sides. The scan runs the CLI as bin/phiguard.js does (from the bundle).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type * as CliMain from '../src/cli/main.js';

type CliModule = typeof CliMain;

const [mode, file] = process.argv.slice(2);
if (!file) throw new Error('usage: scan-child js-yaml|json|scan FILE | cluster KUBECONFIG');
let docs = 0;
if (mode === 'json') {
  docs = (JSON.parse(readFileSync(file, 'utf8')) as { items?: unknown[] }).items?.length ?? 1;
} else if (mode === 'js-yaml') {
  const yaml = (await import('js-yaml')).default;
  docs = yaml.loadAll(readFileSync(file, 'utf8')).length;
} else {
  // What bin/phiguard.js runs: the bundle when the build made one.
  const bundle = new URL('../bundle/main.js', import.meta.url);
  const { main } = (existsSync(bundle) ? await import(bundle.href) : await import('../src/cli/main.js')) as CliModule;
  const sink = new Writable({ write(_c, _e, cb) { cb(); } });
  const target = mode === 'cluster' ? ['--cluster', '--kubeconfig', file] : [file];
  await main(['scan', ...target, '--format', 'json', '--fail-on', 'critical', '--now', '2026-11-01T00:00:00Z'], {
    stdin: process.stdin, stdout: sink, stderr: process.stderr, env: {}, cwd: process.cwd(),
  });
}
const ms = performance.now();
process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, docs }) + '\n');
