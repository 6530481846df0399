import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../src/core/config.js';
import { evaluate } from '../src/core/engine.js';
import { evaluateObject } from '../src/core/evaluate-object.js';
import type { JsonObject } from '../src/core/resource.js';
import { admissionResources, onTarget } from '../src/webhook/decision.js';
import { WEBHOOK_RULES } from '../src/webhook/rules.js';

/** Webhook benchmark: open-loop load over TLS on loopback against `phiguard webhook` and a minimal Node floor server. */
const line = (s: string): void => { process.stdout.write(`${s}\n`); };
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const SECONDS = Number(process.env['PHIGUARD_BENCH_WEBHOOK_SECONDS'] ?? 10);
const WARM_UP = 5000;
const ROUNDS = 4;

const container = {
  name: 'api', image: 'registry.example.com/ehr/api:2.4.1',
  ports: [{ containerPort: 8080 }], env: [{ name: 'DB_HOST', value: 'postgres.ehr.svc' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
};
const DEPLOYMENT = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'ehr', labels: { app: 'api', 'app.kubernetes.io/version': '2.4.1' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { serviceAccountName: 'api', containers: [container] } } },
};
const reviewBody = (i: number): string => JSON.stringify({
  apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
  request: { uid: `bench-${i}`, kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    namespace: 'ehr', name: 'api', operation: 'CREATE', userInfo: { username: 'ci', groups: ['system:authenticated'] }, object: DEPLOYMENT, dryRun: false },
});

function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString('utf8');
      const m = /listening on :(\d+)/.exec(seen);
      if (m) resolve({ child, port: Number(m[1]) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${seen.slice(0, 500)}`)));
  });
}

interface LoadResult { readonly sent: number; readonly errors: number; readonly p50: number; readonly p95: number; readonly p99: number; readonly throughput: number }
interface LoadRun { readonly sent: number; readonly errors: number; readonly latencies: readonly number[]; readonly seconds: number }

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * Open loop: requests leave on schedule whatever the answers do. Latency counts from the scheduled time, or from the
 * send when the timer let a request leave up to 1 ms early, so it is never shorter than the round trip itself.
 */
async function load(port: number, agent: https.Agent, rate: number, seconds: number): Promise<LoadRun> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = reviewBody(i);
    const from = Math.min(due, performance.now());
    pending.push(new Promise<void>((resolve) => {
      const req = https.request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - from);
          resolve();
        });
      });
      req.on('error', () => { errors++; resolve(); });
      req.end(body);
    }));
  }
  await Promise.all(pending);
  return { sent: total, errors, latencies, seconds: (performance.now() - start) / 1000 };
}

/** Runs pooled into one result. */
function pooled(runs: readonly LoadRun[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  return { sent: runs.reduce((t, r) => t + r.sent, 0), errors: runs.reduce((t, r) => t + r.errors, 0), p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), throughput: latencies.length / seconds };
}

/** Closed loop, as Kyverno's published figure (42 ms average, 100 concurrent users, 32 cores): each user sends its next review on the answer. */
async function users(port: number, agent: https.Agent, concurrency: number, seconds: number): Promise<LoadResult & { mean: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const one = (i: number): Promise<void> => new Promise<void>((resolve) => {
    const body = reviewBody(i);
    const t0 = performance.now();
    const req = https.request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(performance.now() - t0);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) await one(sent++);
  }));
  const elapsed = (performance.now() - start) / 1000;
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  latencies.sort((a, b) => a - b);
  return { sent, errors, mean, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), throughput: latencies.length / elapsed };
}

const bucketsOf = (metrics: string): (readonly [string, number])[] =>
  [...metrics.matchAll(/phiguard_webhook_decision_duration_seconds_bucket\{le="([^"]+)"\} (\d+)/g)].map((m) => [m[1] ?? '', Number(m[2])] as const);
const countOf = (metrics: string): number => Number(/phiguard_webhook_decision_duration_seconds_count (\d+)/.exec(metrics)?.[1] ?? 0);

/** The p99 bucket of the decisions made between two reads of /metrics (the warm-up left out). */
function decisionP99(before: string, after: string): string {
  const earlier = new Map(bucketsOf(before));
  const buckets = bucketsOf(after).map(([le, n]) => [le, n - (earlier.get(le) ?? 0)] as const);
  const count = countOf(after) - countOf(before);
  const hit = buckets.find(([, n]) => n >= 0.99 * count);
  return hit ? `<= ${Number(hit[0]) * 1000} ms (${count} decisions)` : 'n/a';
}

function metricsOf(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, path: '/metrics', ca, servername: 'localhost' }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString('utf8'); });
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

const fmt = (r: LoadResult): string => `p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.throughput.toFixed(0)} req/s, ${r.errors} errors of ${r.sent}`;

/**
 * The decision alone, in process: the full engine (every control's status) against the single-object path, calls
 * interleaved so both see the same machine load. CPU time per call leaves out time the process was not running.
 */
function decisionPaths(): void {
  const config = { ...DEFAULT_CONFIG, now: new Date().toISOString() };
  const run = {
    full: (o: JsonObject): number => {
      const { target, alongside } = admissionResources(o, { namespace: 'ehr', config });
      return evaluate({ resources: [target, ...alongside] }, WEBHOOK_RULES, config).findings.filter(onTarget(target)).length;
    },
    object: (o: JsonObject): number => {
      const { target, alongside } = admissionResources(o, { namespace: 'ehr', config });
      return evaluateObject(target, alongside, WEBHOOK_RULES, config).findings.filter(onTarget(target)).length;
    },
  };
  const wall = { full: [] as number[], object: [] as number[] };
  const cpu = { full: [] as number[], object: [] as number[] };
  const counts = { full: 0, object: 0 };
  const N = 8000;
  for (let i = 0; i < N; i++) {
    const name = i % 2 === 0 ? 'object' : 'full';
    const object = JSON.parse(JSON.stringify(DEPLOYMENT)) as JsonObject;
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    counts[name] = run[name](object);
    const w = performance.now() - w0;
    const c = process.cpuUsage(c0);
    if (i < N / 4) continue; // warm-up
    wall[name].push(w);
    cpu[name].push((c.user + c.system) / 1000);
  }
  if (counts.full !== counts.object) throw new Error(`the two paths disagree: ${counts.full} and ${counts.object} findings`);
  const q = (a: number[], x: number): number => quantile([...a].sort((p, r) => p - r), x);
  for (const name of ['full', 'object'] as const) {
    line(`webhook decide() ${name === 'full' ? 'full engine  ' : 'single object'}: wall p50 ${q(wall[name], 0.5).toFixed(3)} ms, p99 ${q(wall[name], 0.99).toFixed(3)} ms; ` +
      `CPU p50 ${q(cpu[name], 0.5).toFixed(3)} ms, p99 ${q(cpu[name], 0.99).toFixed(3)} ms (${wall[name].length} calls, ${counts[name]} findings each)`);
  }
  line(`webhook decide() CPU p50 ratio single-object/full ${(q(cpu.object, 0.5) / q(cpu.full, 0.5)).toFixed(2)}`);
}

export async function runWebhookBench(): Promise<void> {
  decisionPaths();
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-bench-webhook-'));
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  const ca = readFileSync(cert);
  const phiguard = await startChild([path.join(root, 'bin', 'phiguard.js'), 'webhook', '--port', '0', '--tls-cert', cert, '--tls-key', key]);
  const floor = await startChild([path.join(here, 'webhook-floor.js'), cert, key]);
  try {
    line(`webhook: typical Deployment review, open loop over TLS on loopback, ${SECONDS} s per rate in ${ROUNDS} alternating rounds, after ${WARM_UP} reviews to each server`);
    // Connections are set up before measuring, as an API server keeps them open: handshakes are not the subject.
    const agents = [phiguard, floor].map(() => new https.Agent({ keepAlive: true, maxSockets: 32, ca, servername: 'localhost' }));
    const [ourAgent, floorAgent] = agents as [https.Agent, https.Agent];
    // Both servers first answer the same WARM_UP reviews: V8 is still optimizing phiguard's rules for the first few
    // thousand, and a webhook in a cluster answers that many within minutes of starting; the figures are steady state.
    await load(phiguard.port, ourAgent, 500, WARM_UP / 500);
    await load(floor.port, floorAgent, 500, WARM_UP / 500);
    const before = await metricsOf(phiguard.port, ca);
    for (const rate of [200, 1000]) {
      // Rounds alternate between the two servers, so a noisy spell on the machine falls on both.
      const runs = { ours: [] as LoadRun[], base: [] as LoadRun[] };
      for (let round = 0; round < ROUNDS; round++) {
        runs.ours.push(await load(phiguard.port, ourAgent, rate, SECONDS / ROUNDS));
        runs.base.push(await load(floor.port, floorAgent, rate, SECONDS / ROUNDS));
      }
      const ours = pooled(runs.ours);
      const base = pooled(runs.base);
      line(`webhook ${rate} req/s  phiguard: ${fmt(ours)}`);
      line(`webhook ${rate} req/s  floor:    ${fmt(base)}`);
      line(`webhook ${rate} req/s  p99 ratio phiguard/floor ${(ours.p99 / base.p99).toFixed(2)}`);
    }
    line(`webhook decision time p99 (histogram, measured window) ${decisionP99(before, await metricsOf(phiguard.port, ca))}`);
    for (const a of agents) a.destroy();
    const crowd = [phiguard, floor].map(() => new https.Agent({ keepAlive: true, maxSockets: 100, ca, servername: 'localhost' }));
    const [ourCrowd, floorCrowd] = crowd as [https.Agent, https.Agent];
    const ours = await users(phiguard.port, ourCrowd, 100, SECONDS);
    const base = await users(floor.port, floorCrowd, 100, SECONDS);
    line(`webhook 100 users  phiguard: mean ${ours.mean.toFixed(2)} ms, ${fmt(ours)}`);
    line(`webhook 100 users  floor:    mean ${base.mean.toFixed(2)} ms, ${fmt(base)}`);
    line('webhook 100 users  Kyverno publishes a 42 ms mean at 100 concurrent users on 32 cores');
    for (const a of crowd) a.destroy();
  } finally {
    phiguard.child.kill('SIGTERM');
    floor.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
