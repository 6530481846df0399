import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingestStream } from '../src/audit/ingest.js';
import { generateNoteKey, parseSignerKey } from '../src/audit/note.js';
import { checkProof } from '../src/audit/proof.js';
import { startReceiver } from '../src/audit/server.js';
import { openSqliteStore } from '../src/audit/store/sqlite.js';
import { syntheticEvents } from '../src/audit/synthetic.js';
import { consistencyBundle, inclusionBundle, latestCheckpoint, writeCheckpoint } from '../src/audit/trail.js';
import { verifyStore } from '../src/audit/verify.js';

/** Audit trail benchmark: import, receiver, verify and proofs at PHIGUARD_BENCH_EVENTS (default 1,000,000) events. */
const line = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

export async function writeJsonl(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i += 10_000) {
    const chunk = syntheticEvents(Math.min(10_000, n - i), { seed: 1 }, i).map((e) => JSON.stringify(e)).join('\n') + '\n';
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

function post(port: number, body: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/audit', ...tls, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function receiverBench(dir: string): Promise<void> {
  const ssl = (...a: string[]): void => {
    execFileSync('openssl', a, { stdio: 'pipe' });
  };
  const p = (f: string): string => join(dir, f);
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '1', '-subj', '/CN=bench CA');
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('srv.key'), '-out', p('srv.crt'), '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-CA', p('ca.crt'), '-CAkey', p('ca.key'));
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('cli.key'), '-out', p('cli.crt'), '-days', '1', '-subj', '/CN=apiserver',
    '-CA', p('ca.crt'), '-CAkey', p('ca.key'));
  const store = openSqliteStore(p('rx.db'));
  const rx = await startReceiver({ store, host: '127.0.0.1', port: 0, cert: readFileSync(p('srv.crt')), key: readFileSync(p('srv.key')), clientCa: readFileSync(p('ca.crt')), maxBodyBytes: 32 << 20, log: () => undefined });
  const tls = { ca: readFileSync(p('ca.crt')), cert: readFileSync(p('cli.crt')), key: readFileSync(p('cli.key')) };
  const batches = 150;
  const bodies = Array.from({ length: batches }, (_, b) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: syntheticEvents(400, { seed: 2 }, b * 400) }));
  const started = process.hrtime.bigint();
  let nextBatch = 0;
  // Like the API server's throttled sender, a few batches in flight at once.
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (nextBatch < batches) {
      const body = bodies[nextBatch++] as string;
      const status = await post(rx.port, body, tls);
      if (status !== 200) throw new Error(`receiver answered ${status}`);
    }
  }));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  line(`audit receiver: ${batches * 400} events in batches of 400 over HTTPS (mTLS, synchronous=FULL): ${Math.round(batches * 400 / secs)} events/s, ${Math.round(batches / secs)} batches/s`);
  await rx.close();
  await store.close();
}

export async function runAuditBench(): Promise<void> {
  const n = Number(process.env['PHIGUARD_BENCH_EVENTS'] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'phiguard-bench-audit-'));
  try {
    const jsonl = join(dir, 'events.jsonl');
    let t = Date.now();
    await writeJsonl(jsonl, n);
    const mb = statSync(jsonl).size / 1e6;
    line(`audit bench: ${n} synthetic events, ${mb.toFixed(0)} MB of JSON lines (generated in ${((Date.now() - t) / 1000).toFixed(1)}s)`);

    const dbFile = join(dir, 'trail.db');
    const store = openSqliteStore(dbFile, { synchronous: 'FULL' });
    t = Date.now();
    await ingestStream(createReadStream(jsonl), 'events.jsonl', store, { batchSize: 5000, onProblem: (p) => line(`problem ${p.file}:${p.line}: ${p.message}`) });
    let secs = (Date.now() - t) / 1000;
    line(`audit import: ${Math.round(n / secs)} events/s, ${(mb / secs).toFixed(1)} MB/s into SQLite (WAL, synchronous=FULL, 5000 events per transaction); ${secs.toFixed(1)}s`);
    const db = ['', '-wal'].reduce((s, ext) => s + (statSync(dbFile + ext, { throwIfNoEntry: false })?.size ?? 0), 0) / 1e6;
    line(`audit store size: ${db.toFixed(0)} MB (${Math.round(db * 1e6 / n)} bytes/event)`);

    const { secret, verifier } = generateNoteKey('bench.example/audit');
    const signer = parseSignerKey(secret);
    const half = Math.floor(n / 2);
    t = Date.now();
    const cp = await writeCheckpoint(store, signer);
    line(`audit checkpoint: size ${cp.size} signed in ${Date.now() - t} ms`);

    t = Date.now();
    const report = await verifyStore(store, { verifier });
    secs = (Date.now() - t) / 1000;
    if (!report.ok) throw new Error(`verify failed: ${report.problems[0]?.message}`);
    line(`audit verify: ${Math.round(n / secs)} events/s (${n} entries, root recomputed, checkpoint checked); ${secs.toFixed(1)}s`);

    // The lookup-column check (audit_id and stage against each leaf) is in the default verify; its cost, same run.
    t = Date.now();
    const bare = await verifyStore(store, { verifier, lookupColumns: false });
    const bareSecs = (Date.now() - t) / 1000;
    if (!bare.ok) throw new Error('verify without the column check failed');
    line(`audit verify lookup-column check: ${secs.toFixed(1)}s with, ${bareSecs.toFixed(1)}s without (${(100 * (secs - bareSecs) / bareSecs).toFixed(0)}% more time, same run)`);

    const latest = await latestCheckpoint(store);
    if (!latest) throw new Error('no checkpoint');
    const idx = Math.floor(n * 0.61803);
    t = Date.now();
    const inc = await inclusionBundle(store, idx, latest);
    const incMs = Date.now() - t;
    const incJson = JSON.stringify(inc);
    t = Date.now();
    const incOk = checkProof(inc, verifier);
    const incCheck = Date.now() - t;
    line(`audit inclusion proof at ${n}: ${incMs} ms to build, ${inc.proof.length} hashes = ${inc.proof.length * 32} proof bytes (${incJson.length} bytes as a JSON bundle with leaf and checkpoint), checked in ${incCheck} ms: ${incOk.ok ? 'ok' : incOk.message}`);
    t = Date.now();
    const con = await consistencyBundle(store, half, latest, verifier);
    const conMs = Date.now() - t;
    line(`audit consistency proof ${half} -> ${n}: ${conMs} ms to build, ${con.proof.length} hashes = ${con.proof.length * 32} proof bytes (${JSON.stringify(con).length} bytes as JSON)`);
    await store.close();

    await receiverBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAuditBench();
}
