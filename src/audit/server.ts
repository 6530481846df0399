import { isUtf8 } from 'node:buffer';
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { eventsOfDocument, quarantineBytes, toIncoming } from './event.js';
import type { IncomingEvent } from './event.js';
import { jsonErrorMessage } from './ingest.js';
import { answerClientError, closeUnreadBody, refusePlainHttp } from '../server/https-hardening.js';
import type { AuditStore } from './store/store.js';

/** The receiver for the API server's audit webhook backend: EventList over HTTPS, acknowledged after a durable commit. */
export interface ReceiverOptions {
  readonly store: AuditStore;
  readonly host: string;
  readonly port: number;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** Client certificates must chain to this CA. */
  readonly clientCa?: Buffer;
  /** Requests must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly maxBodyBytes: number;
  /** Deadline for a request's headers (slowloris guard); 10 s by default. */
  readonly headersTimeoutMs?: number;
  /** Deadline for a whole request, body included; 60 s by default. */
  readonly requestTimeoutMs?: number;
  readonly cluster?: string;
  readonly log: (line: string) => void;
  readonly onBatch?: (stored: number, duplicates: number) => void;
}

export interface Receiver {
  readonly port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, code: number, body: Record<string, unknown>): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body) + '\n';
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(m[1] as string).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The body, or 'too-large' as soon as it passes `max` (declared or counted): what came so far is dropped, the rest never read. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 'NaN');
    if (declared > max) {
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isJsonType = (header: string | undefined): boolean => (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';

export function startReceiver(o: ReceiverOptions): Promise<Receiver> {
  if (!o.clientCa && !o.token) throw new Error('the receiver needs client-certificate (--client-ca) or bearer-token (--token-file) authentication');
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    if (req.method !== 'POST') {
      closeUnreadBody(req, res);
      send(res, 405, { error: 'only POST of an audit EventList is accepted (GET /healthz for health)' });
      return;
    }
    if (o.clientCa && !(req.socket as TLSSocket).authorized) {
      closeUnreadBody(req, res);
      send(res, 401, { error: 'a client certificate signed by the configured CA is required' });
      return;
    }
    if (o.token !== undefined && !tokenMatches(req.headers['authorization'], o.token)) {
      closeUnreadBody(req, res);
      send(res, 401, { error: 'a valid bearer token is required' });
      return;
    }
    if (!isJsonType(req.headers['content-type'])) {
      closeUnreadBody(req, res);
      send(res, 415, { error: 'content type must be application/json (an audit EventList)' });
      return;
    }
    const body = await readBody(req, o.maxBodyBytes);
    if (body === 'too-large') {
      closeUnreadBody(req, res);
      send(res, 413, { error: `request body is larger than ${o.maxBodyBytes} bytes` });
      return;
    }
    // Decoding would put U+FFFD in place of a bad byte: the trail stores what it received or nothing.
    if (!isUtf8(body)) {
      send(res, 400, { error: 'body is not valid UTF-8' });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (e) {
      send(res, 400, { error: `body is not JSON: ${jsonErrorMessage(e)}` });
      return;
    }
    const { events, problems } = eventsOfDocument(value);
    const docProblem = problems.find((p) => p.index < 0);
    if (docProblem) {
      send(res, 400, { error: `body is not an audit EventList or Event: ${docProblem.message}` });
      return;
    }
    const incoming: IncomingEvent[] = [];
    const rejected = problems.map((p) => ({ item: p.index, error: p.message }));
    // Rejected items are kept raw in the quarantine, in the same transaction as the batch: nothing sent is lost.
    const quarantine = problems.map((p) => ({ reason: `item ${p.index}: ${p.message}`, source: 'receiver', raw: quarantineBytes(p.value) }));
    for (const [i, ev] of events.entries()) {
      try {
        incoming.push(toIncoming(ev));
      } catch (e) {
        rejected.push({ item: i, error: (e as Error).message });
        quarantine.push({ reason: (e as Error).message, source: 'receiver', raw: quarantineBytes(ev) });
      }
    }
    if (rejected.length > 0) o.log(`rejected ${rejected.length} malformed item(s) of a batch of ${events.length + problems.length}, kept in the quarantine: ${rejected.slice(0, 3).map((r) => `item ${r.item}: ${r.error}`).join('; ')}`);
    let stored;
    try {
      stored = await o.store.append(incoming, { receivedAt: new Date().toISOString(), ...(o.cluster !== undefined ? { cluster: o.cluster } : {}), quarantine });
    } catch (e) {
      o.log(`store error, batch not acknowledged: ${(e as Error).message}`);
      send(res, 503, { error: 'the trail store is unavailable; retry' });
      return;
    }
    o.onBatch?.(stored.appended, stored.duplicates);
    if (stored.conflicts > 0) o.log(`CONFLICTING DUPLICATES: ${stored.conflicts} event(s) repeat a stored auditID and stage with different content; kept in the quarantine`);
    send(res, 200, {
      stored: stored.appended, duplicates: stored.duplicates, size: stored.size, ...(rejected.length > 0 ? { rejected } : {}),
      ...(stored.conflicts > 0 ? { conflicts: stored.conflicts } : {}), ...(stored.quarantined > 0 ? { quarantined: stored.quarantined } : {}),
    });
  };

  const server = createServer({
    cert: o.cert,
    key: o.key,
    minVersion: 'TLSv1.2',
    ...(o.clientCa ? { ca: o.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
    requestTimeout: o.requestTimeoutMs ?? 60_000,
    headersTimeout: Math.min(o.headersTimeoutMs ?? 10_000, o.requestTimeoutMs ?? 60_000),
    // Node checks those deadlines on this interval (30 s by default), which would let a slow client linger.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor((o.headersTimeoutMs ?? 10_000) / 4))),
  }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      o.log(`request failed: ${(e as Error).message}`);
      send(res, 500, { error: 'internal error' });
    });
  });
  server.on('clientError', answerClientError);
  server.on('tlsClientError', () => undefined);
  const destroyConnections = refusePlainHttp(server, o.headersTimeoutMs ?? 10_000);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : o.port;
      resolve({
        port,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
          destroyConnections();
        }),
      });
    });
  });
}
