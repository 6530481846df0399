import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { parseLeaf } from '../../src/audit/event.js';
import { generateNoteKey } from '../../src/audit/note.js';
import { startReceiver } from '../../src/audit/server.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { httpsRequest, makePki, runAudit, tempDir } from './helpers.js';

/** The audit receiver against hostile clients, over real TLS: each gets a clear 4xx, the server stays up, nothing is half-stored. */

const LIMIT = 2 * 1024 * 1024;
const list = (items: unknown[]): string => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });

interface Identity { readonly ca: Buffer; readonly cert?: Buffer; readonly key?: Buffer }

/** Opens a TLS connection, lets `drive` write to it, and resolves with everything the server sent before closing. */
function rawTls(port: number, id: Identity, drive: (s: tls.TLSSocket) => void): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: id.ca, ...(id.cert ? { cert: id.cert, key: id.key } : {}) });
    let text = '';
    s.on('data', (d: Buffer) => { text += d.toString('utf8'); });
    s.once('secureConnect', () => drive(s));
    s.on('error', (e) => { if (text === '') reject(e); });
    s.once('close', () => resolve({ text, ms: Date.now() - started }));
  });
}

/** Streams `total` bytes as a chunked body (no content-length), honouring backpressure; resolves with the status and bytes written. */
function streamBody(port: number, id: Identity, total: number, contentLength?: number): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    const req = https.request({
      host: '127.0.0.1', port, method: 'POST', path: '/audit', servername: 'localhost', agent: false, ca: id.ca,
      ...(id.cert ? { cert: id.cert, key: id.key } : {}),
      headers: { 'content-type': 'application/json', ...(contentLength !== undefined ? { 'content-length': String(contentLength) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), written }));
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

test('the audit receiver refuses hostile requests with a clear 4xx, stays up, and stores nothing of a refused batch', async (t) => {
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const file = join(dir, 'trail.db');
  const store = openSqliteStore(file);
  const logs: string[] = [];
  const rx = await startReceiver({
    store, host: '127.0.0.1', port: 0, cert: readFileSync(pki.cert), key: readFileSync(pki.key), clientCa: readFileSync(pki.ca),
    maxBodyBytes: LIMIT, headersTimeoutMs: 1000, requestTimeoutMs: 2000, log: (l) => logs.push(l),
  });
  let closed = false;
  t.after(async () => {
    if (!closed) await rx.close();
    await store.close();
  });
  const me: Identity = { ca: readFileSync(pki.ca), cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) };
  const mine = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
  const good = syntheticEvents(50, { seed: 91 });
  const alive = async (): Promise<void> => {
    assert.equal((await httpsRequest(rx.port, { method: 'GET', path: '/healthz', ca: pki.ca })).status, 200, 'the receiver is still up');
  };

  await t.test('plain HTTP to the TLS port gets a plain-text 400', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const s = net.connect(rx.port, '127.0.0.1', () => s.write(`POST /audit HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`));
      let text = '';
      s.on('data', (d: Buffer) => { text += d.toString(); });
      s.on('error', reject);
      s.on('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*HTTPS only/);
    await alive();
  });

  await t.test('a connection that never speaks is closed after the header deadline', async () => {
    const ms = await new Promise<number>((resolve) => {
      const started = Date.now();
      const s = net.connect(rx.port, '127.0.0.1');
      s.on('error', () => undefined);
      s.on('close', () => resolve(Date.now() - started));
    });
    assert.ok(ms >= 900 && ms < 5000, `${ms} ms`);
  });

  await t.test('no client certificate, or one from another CA: 401', async () => {
    assert.equal((await httpsRequest(rx.port, { body: list(good), ca: pki.ca })).status, 401);
    assert.equal((await httpsRequest(rx.port, { body: list(good), ca: pki.ca, cert: pki.otherCert, key: pki.otherKey })).status, 401);
  });

  await t.test('a 100 MB body is refused at the limit, without the server reading it all', async () => {
    const total = 100 * 1024 * 1024;
    const chunked = await streamBody(rx.port, me, total);
    assert.equal(chunked.status, 413, chunked.body);
    assert.match(JSON.parse(chunked.body).error, /larger than 2097152 bytes/);
    // The client could only push what the socket buffers hold past the limit before the server stopped reading.
    assert.ok(chunked.written < 24 * 1024 * 1024, `client wrote ${chunked.written} bytes`);
    const declared = await streamBody(rx.port, me, 8 * 1024 * 1024, total);
    assert.equal(declared.status, 413);
    assert.ok(declared.written < total);
    const unauthenticated = await streamBody(rx.port, { ca: me.ca }, total);
    assert.equal(unauthenticated.status, 401);
    assert.ok(unauthenticated.written < 24 * 1024 * 1024, 'a stranger cannot make it read 100 MB either');
    await alive();
  });

  await t.test('slow headers (slowloris) get a 408 at the header deadline', async () => {
    const head = 'POST /audit HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\nx-slow: ';
    const slow = await rawTls(rx.port, me, (s) => {
      s.write(head);
      const drip = setInterval(() => { if (s.writable) s.write('a'); else clearInterval(drip); }, 100);
      s.once('close', () => clearInterval(drip));
    });
    assert.match(slow.text, /^HTTP\/1\.1 408 /);
    assert.ok(slow.ms < 5000, `closed after ${slow.ms} ms`);
    const stalled = await rawTls(rx.port, me, (s) => {
      s.write('POST /audit HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{"kind":"EventList","items":[');
    });
    assert.match(stalled.text, /^HTTP\/1\.1 408 /, 'a body that stops arriving hits the request deadline');
    const garbage = await rawTls(rx.port, me, (s) => s.write('NOT-HTTP \u0001\r\n\r\n'));
    assert.match(garbage.text, /^HTTP\/1\.1 400 /);
    await alive();
  });

  await t.test('malformed JSON, bytes that are not UTF-8, a wrong or missing content type: 400 or 415', async () => {
    const bad = await httpsRequest(rx.port, { body: '{"kind":"EventList","items":[{"auditID":', ...mine });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).error, /not JSON/);
    const latin1 = Buffer.concat([Buffer.from(list(good.slice(0, 2)).slice(0, -2)), Buffer.from(',{"auditID":"caf'), Buffer.from([0xe9]), Buffer.from('"}]}')]);
    const notUtf8 = await httpsRequest(rx.port, { body: latin1, ...mine });
    assert.equal(notUtf8.status, 400, notUtf8.body);
    assert.match(JSON.parse(notUtf8.body).error, /not valid UTF-8/);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const r = await rawTls(rx.port, me, (s) => {
        const body = list(good);
        s.write(`POST /audit HTTP/1.1\r\nhost: localhost\r\n${type ? `content-type: ${type}\r\n` : ''}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      });
      assert.match(r.text, /^HTTP\/1\.1 415 [\s\S]*content type must be application\/json/, `content type "${type}"`);
    }
    assert.equal(await store.size(), 0, 'no refused request stored anything');
    await alive();
  });

  await t.test('an EventList with one bad event: the good ones stored exactly, the bad one reported by index', async () => {
    const items: unknown[] = [...good.slice(0, 20), { kind: 'Event', apiVersion: 'audit.k8s.io/v1', stage: 'ResponseComplete' }, ...good.slice(20)];
    const r = await httpsRequest(rx.port, { body: list(items), ...mine });
    assert.equal(r.status, 200, r.body);
    const answer = JSON.parse(r.body) as { stored: number; rejected: { item: number; error: string }[] };
    assert.equal(answer.stored, good.length);
    assert.deepEqual(answer.rejected, [{ item: 20, error: 'auditID is missing' }]);
    const stored: unknown[] = [];
    for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) for (const row of rows) stored.push(parseLeaf(row.leaf).event);
    assert.deepEqual(stored, good, 'each good event stored as received, in order');
    assert.ok(logs.some((l) => /rejected 1 malformed item/.test(l)));
  });

  await t.test('after all that: still serving, and the trail verifies', async () => {
    await alive();
    assert.equal(await store.size(), good.length);
    assert.ok(logs.every((l) => !l.includes('"auditID"')), 'no event content in the log');
    await rx.close();
    closed = true;
    const { secret, verifier } = generateNoteKey('hostile.example/audit');
    writeFileSync(join(dir, 'log.key'), secret, { mode: 0o600 });
    writeFileSync(join(dir, 'log.pub'), verifier.text);
    assert.equal((await runAudit(['checkpoint', '--store', file, '--key', 'log.key'], dir)).code, 0);
    const v = await runAudit(['verify', '--store', file, '--public-key', 'log.pub', '--deep'], dir);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });
});
