import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScanConfig } from '../core/config.js';
import { answerClientError, closeUnreadBody, refusePlainHttp } from '../server/https-hardening.js';
import type { JsonObject } from '../core/resource.js';
import type { Decision, WebhookPolicy } from './decision.js';
import { decide } from './decision.js';
import type { WebhookMetrics } from './metrics.js';
import { createMetrics } from './metrics.js';
import type { NamespaceLabelLookup } from './namespace-labels.js';
import type { AdmissionRequest } from './review.js';
import { parseReview, passResponse, reviewResponse } from './review.js';
import { warmUp } from './warm-up.js';

export const DEFAULT_BODY_LIMIT = 3 * 1024 * 1024;
/** What the CLI warms with: about where V8 stops optimizing the rules (see the webhook benchmark). */
export const WARM_UP_DECISIONS = 5000;
// A slow machine starts serving after this long however far warming got: readiness must not wait on it.
const WARM_UP_BUDGET_MS = 3000;

/** What a decision leaves behind: passed to the recorder (audit store) unless the request was a dry run. */
export interface DecisionRecord {
  readonly id: string;
  readonly time: string;
  readonly uid: string;
  readonly operation: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly outcome: string;
  readonly mode: string;
  readonly controls: readonly string[];
}

export interface WebhookOptions {
  readonly port: number;
  readonly host?: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly config: ScanConfig;
  readonly policy: WebhookPolicy;
  readonly bodyLimit?: number;
  /** Whole-request deadline for slow clients. */
  readonly requestTimeoutMs?: number;
  readonly lookup?: NamespaceLabelLookup;
  readonly record?: (r: DecisionRecord) => Promise<void>;
  /** One line per event; never given an object's content. */
  readonly log: (line: string) => void;
  /** Poll interval for certificate changes. */
  readonly watchIntervalMs?: number;
  /** The evaluation clock; defaults to the wall clock at each request. */
  readonly now?: () => string;
  /** Decisions on built-in samples before listening, so the first reviews meet optimized rules (default none). */
  readonly warmUpDecisions?: number;
}

export interface RunningWebhook {
  readonly port: number;
  readonly metrics: WebhookMetrics;
  /** Reads the certificate and key again and serves them to new handshakes; open connections stay. */
  reloadCertificate(): boolean;
  close(): Promise<void>;
}

class HttpProblem extends Error {
  constructor(readonly code: number, message: string) { super(message); }
}

/** Rejects with a 413 as soon as the body passes the limit (declared or counted); the rest is never read. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) { reject(new HttpProblem(413, `body of ${declared} bytes is over the limit of ${limit}`)); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { chunks.length = 0; req.removeAllListeners('data'); req.pause(); reject(new HttpProblem(413, `body is over the limit of ${limit} bytes`)); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => reject(new HttpProblem(400, 'request body was cut off')));
  });
}

function send(res: ServerResponse, code: number, body: string, type = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function loadPair(certFile: string, keyFile: string): { cert: Buffer; key: Buffer; notAfter: number } {
  const cert = readFileSync(certFile);
  const key = readFileSync(keyFile);
  const notAfter = Math.floor(Date.parse(new X509Certificate(cert).validTo) / 1000);
  return { cert, key, notAfter };
}

const controlsOf = (d: Decision): string[] => [...new Set([...d.blocking, ...d.advisory].map((f) => f.control))];

/** Starts the HTTPS admission server (TLS 1.2 and 1.3 only). */
export async function startWebhook(opts: WebhookOptions): Promise<RunningWebhook> {
  const metrics = createMetrics();
  const limit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const clock = (): string => (opts.now ? opts.now() : new Date().toISOString());
  const pair = loadPair(opts.certFile, opts.keyFile);
  metrics.certificateExpiry(pair.notAfter);
  let ready = true;

  const decideRequest = async (request: AdmissionRequest): Promise<JsonObject> => {
    const id = randomUUID();
    if (request.operation === 'DELETE' || request.operation === 'CONNECT') {
      metrics.decision('allow', []);
      return passResponse(request.uid, id, 'allow');
    }
    const meta = request.object['metadata'];
    const objNs = typeof meta === 'object' && meta !== null && !Array.isArray(meta) && typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined;
    const ns = objNs ?? request.namespace;
    const labels = ns !== undefined && opts.lookup ? await opts.lookup(ns) : undefined;
    const started = process.hrtime.bigint();
    const decision = decide({
      operation: request.operation, object: request.object,
      ...(request.oldObject ? { oldObject: request.oldObject } : {}),
      ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
      ...(labels !== undefined ? { namespaceLabels: labels } : {}),
      config: { ...opts.config, now: clock() },
      policy: opts.policy,
    });
    metrics.decisionTime(Number(process.hrtime.bigint() - started) / 1e9);
    const controls = controlsOf(decision);
    metrics.decision(decision.outcome, controls);
    const name = typeof meta === 'object' && meta !== null && !Array.isArray(meta) && typeof meta['name'] === 'string' ? meta['name'] : '';
    if (!request.dryRun && opts.record) {
      const rec: DecisionRecord = { id, time: new Date().toISOString(), uid: request.uid, operation: request.operation, kind: request.kind,
        ...(ns !== undefined ? { namespace: ns } : {}), name, outcome: decision.outcome, mode: decision.mode, controls };
      await opts.record(rec).catch((e: Error) => opts.log(`phiguard webhook: could not record decision ${id}: ${e.message}`));
    }
    if (decision.outcome === 'deny') opts.log(`phiguard webhook: denied ${request.kind} ${ns ?? ''}/${name} (${controls.join(',')}) decision ${id}${request.dryRun ? ' dry-run' : ''}`);
    return reviewResponse(request.uid, decision, id);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/healthz') { send(res, 200, 'ok\n', 'text/plain'); return 200; }
    if (url === '/readyz') { send(res, ready ? 200 : 503, ready ? 'ready\n' : 'shutting down\n', 'text/plain'); return ready ? 200 : 503; }
    if (url === '/metrics') { send(res, 200, metrics.render(), 'text/plain; version=0.0.4'); return 200; }
    if (url !== '/validate') throw new HttpProblem(404, `no such path ${JSON.stringify(url?.slice(0, 64))}`);
    if (req.method !== 'POST') throw new HttpProblem(405, 'use POST');
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpProblem(415, 'content type must be application/json');
    const body = await readBody(req, limit);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpProblem(400, 'body is not valid JSON');
    }
    const review = parseReview(parsed);
    if (!review.ok) throw new HttpProblem(400, review.problem);
    let answer: JsonObject;
    try {
      answer = await decideRequest(review.request);
    } catch (e) {
      // An object the rules cannot read is denied, not crashed on: the reason is logged without the object.
      const id = randomUUID();
      opts.log(`phiguard webhook: evaluation failed for ${review.request.kind} (decision ${id}): ${(e as Error).message}`);
      answer = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: false,
        auditAnnotations: { 'decision-id': id, outcome: 'error' }, status: { code: 400, message: `phiguard could not evaluate this ${review.request.kind || 'object'} (decision ${id})` } } };
    }
    send(res, 200, JSON.stringify(answer));
    return 200;
  };

  const requestTimeout = opts.requestTimeoutMs ?? 10_000;
  // Node checks request deadlines on this interval (30 s by default), which would let a slow client linger.
  const connectionsCheckingInterval = Math.max(100, Math.min(1000, Math.floor(requestTimeout / 4)));
  const server = https.createServer({ cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', connectionsCheckingInterval }, (req, res) => {
    const started = process.hrtime.bigint();
    const finish = (code: number): void => {
      metrics.request(code);
      metrics.latency(Number(process.hrtime.bigint() - started) / 1e9);
    };
    handle(req, res).then(finish, (e: unknown) => {
      const code = e instanceof HttpProblem ? e.code : 500;
      const message = e instanceof Error ? e.message : 'internal error';
      opts.log(`phiguard webhook: ${req.method ?? '?'} ${(req.url ?? '').slice(0, 64)} -> ${code}: ${message}`);
      // An unread body (refused type, path or size) is left unread, and its connection closed after the answer.
      if (!req.complete) closeUnreadBody(req, res);
      send(res, code, JSON.stringify({ error: message }));
      finish(code);
    }).catch(() => undefined);
  });
  server.requestTimeout = requestTimeout;
  server.headersTimeout = Math.min(server.requestTimeout, 5_000);
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  server.on('tlsClientError', () => undefined);
  const destroyConnections = refusePlainHttp(server, server.headersTimeout);

  const reloadCertificate = (): boolean => {
    try {
      const next = loadPair(opts.certFile, opts.keyFile);
      server.setSecureContext({ cert: next.cert, key: next.key, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
      metrics.certificateExpiry(next.notAfter);
      opts.log('phiguard webhook: serving certificate reloaded');
      return true;
    } catch (e) {
      // A half-written pair (cert renewed, key not yet) keeps the old one until the next change.
      opts.log(`phiguard webhook: certificate reload failed, keeping the previous one: ${(e as Error).message}`);
      return false;
    }
  };
  const interval = opts.watchIntervalMs ?? 2000;
  const onChange = (): void => { reloadCertificate(); };
  watchFile(opts.certFile, { interval, persistent: false }, onChange);
  watchFile(opts.keyFile, { interval, persistent: false }, onChange);

  if (opts.warmUpDecisions !== undefined && opts.warmUpDecisions > 0) {
    const t0 = performance.now();
    // The same work a review gets, answer included; nothing is counted in the metrics or recorded.
    const made = warmUp((input) => JSON.stringify(reviewResponse('warm-up', decide({ ...input, config: { ...opts.config, now: clock() }, policy: opts.policy }), 'warm-up')),
      opts.warmUpDecisions, WARM_UP_BUDGET_MS);
    opts.log(`phiguard webhook: warmed up with ${made} decisions in ${Math.round(performance.now() - t0)} ms`);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => { server.off('error', reject); resolve(); });
  });
  return {
    port: (server.address() as AddressInfo).port,
    metrics,
    reloadCertificate,
    close: () => new Promise<void>((resolve) => {
      ready = false;
      unwatchFile(opts.certFile, onChange);
      unwatchFile(opts.keyFile, onChange);
      // In-flight answers finish; a connection still open at the request deadline (a stalled upload) is cut.
      const cut = setTimeout(destroyConnections, requestTimeout);
      server.close(() => { clearTimeout(cut); resolve(); });
      server.closeIdleConnections();
    }),
  };
}
