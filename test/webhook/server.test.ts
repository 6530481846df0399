import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { ScanConfig } from '../../src/core/config.js';
import { evaluate } from '../../src/core/engine.js';
import type { JsonObject } from '../../src/core/resource.js';
import { atLeast } from '../../src/catalog/severity.js';
import { RULES } from '../../src/rules/index.js';
import { DEFAULT_POLICY, WARNING_MAX } from '../../src/webhook/decision.js';
import { WEBHOOK_RULES } from '../../src/webhook/rules.js';
import type { DecisionRecord, RunningWebhook } from '../../src/webhook/server.js';
import { startWebhook } from '../../src/webhook/server.js';
import { adminBinding, cronJob, deployment, hardenedPodSpec, job, pod, privilegedPodSpec, review } from './objects.js';
import type { CertPair } from './tls-fixture.js';
import { get, makeCert, post } from './tls-fixture.js';

const NOW = '2026-12-01T00:00:00Z';
const CONFIG: ScanConfig = {
  ...DEFAULT_CONFIG,
  phiNamespaces: { ...DEFAULT_CONFIG.phiNamespaces, names: ['ehr'] },
  waivers: [{ control: 'HK-PS-003', kind: 'Deployment', namespace: 'ehr', name: 'waived', reason: 'vendor agent, replaced in Q1', ticket: 'SEC-1' }],
};

interface ReviewAnswer {
  apiVersion: string; kind: string;
  response: { uid: string; allowed: boolean; warnings?: string[]; status?: { code: number; message: string }; auditAnnotations: Record<string, string> };
}

const pair: CertPair | undefined = makeCert();
const skip = pair === undefined ? 'openssl is not installed: the webhook TLS tests need it (they fail under CI=true)' : false;

describe('phiguard webhook over TLS on loopback', { skip }, () => {
  let hook: RunningWebhook;
  const records: DecisionRecord[] = [];
  const logs: string[] = [];
  const ca = (): Buffer => (pair as CertPair).pem;
  const send = async (r: JsonObject): Promise<ReviewAnswer> => {
    const reply = await post(hook.port, ca(), JSON.stringify(r));
    assert.equal(reply.status, 200, reply.body);
    return JSON.parse(reply.body) as ReviewAnswer;
  };

  before(async () => {
    const p = pair as CertPair;
    hook = await startWebhook({
      port: 0, host: '127.0.0.1', certFile: p.cert, keyFile: p.key, config: CONFIG,
      policy: { ...DEFAULT_POLICY, namespaceModes: { sandbox: 'audit' } }, bodyLimit: 64 * 1024, requestTimeoutMs: 800,
      record: async (r) => { records.push(r); }, log: (l) => logs.push(l), now: () => NOW, watchIntervalMs: 100,
    });
  });
  after(async () => { await hook.close(); });

  it('denies a privileged Pod, Deployment, Job and CronJob in a PHI namespace, naming control, citation and field', async () => {
    for (const object of [pod('ehr', privilegedPodSpec()), deployment('ehr', privilegedPodSpec()), job('ehr', privilegedPodSpec()), cronJob('ehr', privilegedPodSpec())]) {
      const answer = await send(review(object, { uid: `uid-${String(object['kind'])}` }));
      assert.equal(answer.response.uid, `uid-${String(object['kind'])}`);
      assert.equal(answer.response.allowed, false, String(object['kind']));
      assert.equal(answer.response.status?.code, 403);
      assert.match(answer.response.status?.message ?? '', /HK-PS-003 \[164\.312\(a\)\(1\)[^\]]*\] at \/spec\/.*containers\/0\/securityContext\/privileged/);
      assert.match(answer.response.auditAnnotations['decision-id'] ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(answer.response.auditAnnotations['outcome'], 'deny');
    }
  });

  it('denies exactly the controls scan reports at or above failOn for the same object (of the object-local controls)', async () => {
    const object = deployment('ehr', privilegedPodSpec());
    const webhookControls = new Set(WEBHOOK_RULES.map((r) => r.meta.id));
    const scan = evaluate({ resources: [{ ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'ehr' }, object, origin: { file: 'x', doc: 0, line: 1, pointer: '' } }] }, RULES, { ...CONFIG, now: NOW });
    const expected = new Set(scan.findings.filter((f) => f.resource?.kind === 'Deployment' && atLeast(f.severity, CONFIG.failOn) && webhookControls.has(f.control)).map((f) => f.control));
    assert.ok(expected.size > 0);
    const answer = await send(review(object));
    const denied = new Set((answer.response.status?.message ?? '').match(/HK-[A-Z]+-\d+(?= \[)/g) ?? []);
    assert.deepEqual([...denied].sort(), [...expected].sort());
  });

  it('denies a ClusterRoleBinding giving cluster-admin to every authenticated user', async () => {
    const answer = await send(review(adminBinding()));
    assert.equal(answer.response.allowed, false);
    assert.match(answer.response.status?.message ?? '', /HK-AC-002/);
  });

  it('allows a hardened Deployment in a PHI namespace with no warning', async () => {
    const answer = await send(review(deployment('ehr', hardenedPodSpec())));
    assert.equal(answer.response.allowed, true, answer.response.status?.message);
    assert.equal(answer.response.warnings, undefined);
    assert.equal(answer.response.auditAnnotations['outcome'], 'allow');
  });

  it('warns outside PHI scope: one line per finding, at most 120 characters, control id first', async () => {
    const answer = await send(review(deployment('web', privilegedPodSpec())));
    assert.equal(answer.response.allowed, true);
    assert.equal(answer.response.auditAnnotations['outcome'], 'warn');
    const warnings = answer.response.warnings ?? [];
    assert.ok(warnings.some((w) => w.startsWith('HK-PS-003 ')), warnings.join('\n'));
    for (const w of warnings) {
      assert.ok(w.length <= WARNING_MAX, w);
      assert.match(w, /^HK-[A-Z]+-\d+ /);
      assert.doesNotMatch(w, /\n/);
    }
  });

  it('audit mode allows without warnings and still records the decision', async () => {
    const before = records.length;
    const answer = await send(review(deployment('sandbox', privilegedPodSpec())));
    assert.equal(answer.response.allowed, true);
    assert.equal(answer.response.warnings, undefined);
    assert.equal(answer.response.auditAnnotations['outcome'], 'audit');
    assert.equal(records.length, before + 1);
    assert.equal(records.at(-1)?.outcome, 'audit');
    assert.ok(records.at(-1)?.controls.includes('HK-PS-003'));
  });

  it('honours dryRun: same answer, no record', async () => {
    const before = records.length;
    const answer = await send(review(pod('ehr', privilegedPodSpec()), { dryRun: true }));
    assert.equal(answer.response.allowed, false);
    assert.equal(records.length, before);
    const wet = await send(review(pod('ehr', privilegedPodSpec())));
    assert.equal(wet.response.allowed, false);
    assert.equal(records.length, before + 1);
    assert.equal(records.at(-1)?.id, wet.response.auditAnnotations['decision-id']);
  });

  it('on UPDATE an existing weakness does not block an unrelated edit, but a new one does', async () => {
    const old = deployment('ehr', privilegedPodSpec());
    const relabelled = deployment('ehr', privilegedPodSpec(), { app: 'api', team: 'records' });
    const edit = await send(review(relabelled, { operation: 'UPDATE', oldObject: old }));
    assert.equal(edit.response.allowed, true, edit.response.status?.message);
    assert.ok((edit.response.warnings ?? []).some((w) => w.startsWith('HK-PS-003')));
    const worse = await send(review(deployment('ehr', privilegedPodSpec()), { operation: 'UPDATE', oldObject: deployment('ehr', hardenedPodSpec()) }));
    assert.equal(worse.response.allowed, false);
    assert.match(worse.response.status?.message ?? '', /HK-PS-003/);
  });

  it('applies config waivers exactly as scan does', async () => {
    const object = deployment('ehr', privilegedPodSpec());
    (object['metadata'] as JsonObject)['name'] = 'waived';
    const answer = await send(review(object));
    assert.doesNotMatch(answer.response.status?.message ?? '', /HK-PS-003/);
  });

  it('allows DELETE without evaluating and still gives a decision id', async () => {
    const r = review(pod('ehr', privilegedPodSpec()), { operation: 'DELETE' });
    const answer = await send(r);
    assert.equal(answer.response.allowed, true);
    assert.ok(answer.response.auditAnnotations['decision-id']);
  });

  it('answers malformed requests with a clear 4xx and logs no object content', async () => {
    const secretish = 'TOPSECRET-VALUE-123';
    const cases: [string | Buffer, Record<string, string>, string, number][] = [
      ['{"apiVersion":', { 'content-type': 'application/json' }, '/validate', 400],
      [JSON.stringify({ apiVersion: 'v1', kind: 'Pod', data: secretish }), { 'content-type': 'application/json' }, '/validate', 400],
      [JSON.stringify(review(pod('ehr', hardenedPodSpec()))), { 'content-type': 'text/plain' }, '/validate', 415],
      [Buffer.alloc(70 * 1024, 'a'), { 'content-type': 'application/json' }, '/validate', 413],
      ['{}', { 'content-type': 'application/json' }, '/mutate', 404],
    ];
    for (const [body, headers, p, code] of cases) {
      const reply = await post(hook.port, ca(), body, headers, p);
      assert.equal(reply.status, code, `${p} ${String(headers['content-type'])}: ${reply.body}`);
      assert.ok(JSON.parse(reply.body).error);
    }
    assert.ok(logs.length > 0);
    assert.ok(logs.every((l) => !l.includes(secretish)));
  });

  it('survives a seeded fuzz run of mutated reviews: no crash, no 5xx', async () => {
    let seed = 13;
    const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const bases = [review(pod('ehr', privilegedPodSpec())), review(deployment('web', hardenedPodSpec())), review(cronJob('ehr', privilegedPodSpec())), review(adminBinding())];
    const junk: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(300), true, [], {}, [[{}]], { '': null }, '\u0000\n', { __proto__: { x: 1 } }];
    const mutate = (v: unknown, depth: number): unknown => {
      if (rand() < 0.08 || depth > 12) return junk[Math.floor(rand() * junk.length)];
      if (Array.isArray(v)) return v.map((x) => mutate(x, depth + 1)).filter(() => rand() > 0.05);
      if (v !== null && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (rand() > 0.04) out[rand() < 0.02 ? k + '_' : k] = mutate(x, depth + 1);
        return out;
      }
      return v;
    };
    const agent = new https.Agent({ keepAlive: true, maxSockets: 8 });
    const counts = new Map<number, number>();
    const N = 3000;
    for (let i = 0; i < N; i += 50) {
      const batch = Array.from({ length: 50 }, () => {
        const base = bases[Math.floor(rand() * bases.length)];
        let text = JSON.stringify(mutate(base, 0));
        if (rand() < 0.1) text = text.slice(0, Math.floor(rand() * text.length));
        return post(hook.port, ca(), text, { 'content-type': 'application/json' }, '/validate', agent);
      });
      for (const r of await Promise.all(batch)) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    }
    agent.destroy();
    const fivexx = [...counts].filter(([c]) => c >= 500).reduce((n, [, k]) => n + k, 0);
    assert.equal(fivexx, 0, JSON.stringify([...counts]));
    assert.ok((counts.get(200) ?? 0) > 0 && (counts.get(400) ?? 0) > 0, JSON.stringify([...counts]));
    assert.equal((await get(hook.port, ca(), '/healthz')).status, 200);
  });

  it('closes a slow client with a 408 and keeps serving', async () => {
    const socket = tls.connect({ host: '127.0.0.1', port: hook.port, ca: ca(), servername: 'localhost' });
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    socket.write('POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d: Buffer) => { text += d.toString('utf8'); });
      socket.on('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.equal((await get(hook.port, ca(), '/readyz')).status, 200);
  });

  it('refuses TLS 1.1', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: hook.port, ca: ca(), servername: 'localhost', minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
      s.once('secureConnect', () => { s.destroy(); resolve('connected'); });
      s.once('error', (e) => resolve(e.message));
    });
    assert.notEqual(outcome, 'connected');
  });

  it('exposes Prometheus metrics: requests, decisions by control and outcome, latency, certificate expiry', async () => {
    const m = (await get(hook.port, ca(), '/metrics')).body;
    assert.match(m, /phiguard_webhook_requests_total\{code="200"\} [1-9]/);
    assert.match(m, /phiguard_webhook_decisions_total\{control="HK-PS-003",outcome="deny"\} [1-9]/);
    assert.match(m, /phiguard_webhook_request_duration_seconds_count [1-9]/);
    assert.match(m, /phiguard_webhook_decision_duration_seconds_bucket\{le="0.001"\} \d+/);
    const expiry = Number(/phiguard_webhook_certificate_expiry_seconds (\d+)/.exec(m)?.[1]);
    assert.equal(expiry, Math.floor(Date.parse(new X509Certificate(ca()).validTo) / 1000));
  });

  it('reloads the certificate when the files change, keeping open connections', async () => {
    const p = pair as CertPair;
    const peer = (): Promise<{ fp: string; socket: tls.TLSSocket }> => new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: hook.port, rejectUnauthorized: false, servername: 'localhost' });
      s.once('secureConnect', () => resolve({ fp: createHash('sha256').update(s.getPeerCertificate().raw).digest('hex'), socket: s }));
      s.once('error', reject);
    });
    const first = await peer();
    const next = makeCert(p.dir, 'next', 5) as CertPair;
    copyFileSync(next.key, p.key);
    copyFileSync(next.cert, p.cert);
    let fp = first.fp;
    for (let i = 0; i < 50 && fp === first.fp; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const again = await peer();
      fp = again.fp;
      again.socket.destroy();
    }
    assert.equal(fp, createHash('sha256').update(new X509Certificate(next.pem).raw).digest('hex'));
    assert.equal(first.socket.destroyed, false, 'the connection opened before the reload is still up');
    first.socket.destroy();
    assert.ok(logs.some((l) => l.includes('certificate reloaded')));
  });
});
