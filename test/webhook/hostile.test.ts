import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { DEFAULT_POLICY } from '../../src/webhook/decision.js';
import type { RunningWebhook } from '../../src/webhook/server.js';
import { startWebhook } from '../../src/webhook/server.js';
import { deployment, hardenedPodSpec, review } from './objects.js';
import type { CertPair } from './tls-fixture.js';
import { get, makeCert, post } from './tls-fixture.js';

/** The admission webhook against hostile clients over real TLS: plain HTTP, huge bodies, slow headers, garbage. */

const pair: CertPair | undefined = makeCert();
const skip = pair === undefined ? 'openssl is not installed: the webhook TLS tests need it (they fail under CI=true)' : false;
const LIMIT = 256 * 1024;

function rawTls(port: number, ca: Buffer, drive: (s: tls.TLSSocket) => void): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca });
    let text = '';
    s.on('data', (d: Buffer) => { text += d.toString('utf8'); });
    s.once('secureConnect', () => drive(s));
    s.on('error', (e) => { if (text === '') reject(e); });
    s.once('close', () => resolve({ text, ms: Date.now() - started }));
  });
}

function streamBody(port: number, ca: Buffer, total: number, contentLength?: number): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    const req = https.request({
      host: '127.0.0.1', port, method: 'POST', path: '/validate', servername: 'localhost', agent: false, ca,
      headers: { 'content-type': 'application/json', ...(contentLength !== undefined ? { 'content-length': String(contentLength) } : {}) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, written }));
    });
    req.on('error', (e) => { if (written < total) reject(e); });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (written < total && !req.destroyed) {
        written += chunk.length;
        if (!req.write(chunk)) { req.once('drain', pump); return; }
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

describe('phiguard webhook against hostile clients', { skip }, () => {
  let hook: RunningWebhook;
  const logs: string[] = [];
  const ca = (): Buffer => (pair as CertPair).pem;
  const alive = async (): Promise<void> => {
    assert.equal((await get(hook.port, ca(), '/healthz')).status, 200, 'still up');
    const r = await post(hook.port, ca(), JSON.stringify(review(deployment('web', hardenedPodSpec()))));
    assert.equal(r.status, 200, 'still deciding');
  };

  before(async () => {
    const p = pair as CertPair;
    hook = await startWebhook({
      port: 0, host: '127.0.0.1', certFile: p.cert, keyFile: p.key, config: DEFAULT_CONFIG, policy: DEFAULT_POLICY,
      bodyLimit: LIMIT, requestTimeoutMs: 1500, log: (l) => logs.push(l), watchIntervalMs: 60_000,
    });
  });
  after(async () => { await hook.close(); });

  it('answers plain HTTP on the TLS port with a plain-text 400', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const s = net.connect(hook.port, '127.0.0.1', () => s.write('POST /validate HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}'));
      let text = '';
      s.on('data', (d: Buffer) => { text += d.toString(); });
      s.on('error', reject);
      s.on('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*HTTPS only/);
    await alive();
  });

  it('refuses a 100 MB body at the limit without reading the rest', async () => {
    const total = 100 * 1024 * 1024;
    const chunked = await streamBody(hook.port, ca(), total);
    assert.equal(chunked.status, 413);
    assert.ok(chunked.written < 16 * 1024 * 1024, `client wrote ${chunked.written} bytes`);
    const declared = await streamBody(hook.port, ca(), 4 * 1024 * 1024, total);
    assert.equal(declared.status, 413);
    await alive();
  });

  it('closes slow headers (slowloris) with a 408 at the header deadline, and a silent connection too', async () => {
    const slow = await rawTls(hook.port, ca(), (s) => {
      s.write('POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\nx-slow: ');
      const drip = setInterval(() => { if (s.writable) s.write('a'); else clearInterval(drip); }, 100);
      s.once('close', () => clearInterval(drip));
    });
    assert.match(slow.text, /^HTTP\/1\.1 408 /);
    assert.ok(slow.ms < 6000, `closed after ${slow.ms} ms`);
    const silent = await new Promise<number>((resolve) => {
      const started = Date.now();
      const s = net.connect(hook.port, '127.0.0.1');
      s.on('error', () => undefined);
      s.on('close', () => resolve(Date.now() - started));
    });
    assert.ok(silent < 6000, `silent connection closed after ${silent} ms`);
    await alive();
  });

  it('answers a request Node cannot parse with 400 (not 408), and oversized headers with 431', async () => {
    const garbage = await rawTls(hook.port, ca(), (s) => s.write('NOT-HTTP \u0001\r\n\r\n'));
    assert.match(garbage.text, /^HTTP\/1\.1 400 /);
    const huge = await rawTls(hook.port, ca(), (s) => s.write(`POST /validate HTTP/1.1\r\nhost: localhost\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`));
    assert.match(huge.text, /^HTTP\/1\.1 431 /);
    await alive();
  });
});
