import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startReceiver } from '../../src/audit/server.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { httpsRequest, makePki, tempDir } from './helpers.js';

const list = (items: unknown[]): string => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });

test('the webhook receiver over real TLS: client certificates, dedup, bounded bodies, malformed requests', async (t) => {
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const store = openSqliteStore(join(dir, 'trail.db'));
  const logs: string[] = [];
  const rx = await startReceiver({
    store, host: '127.0.0.1', port: 0, cert: readFileSync(pki.cert), key: readFileSync(pki.key), clientCa: readFileSync(pki.ca),
    maxBodyBytes: 2 * 1024 * 1024, log: (l) => logs.push(l),
  });
  t.after(async () => {
    await rx.close();
    await store.close();
  });
  const me = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };

  assert.equal((await httpsRequest(rx.port, { method: 'GET', path: '/healthz', ca: pki.ca })).status, 200, 'health needs no client cert');
  const evs = syntheticEvents(400, { seed: 31 });
  assert.equal((await httpsRequest(rx.port, { body: list(evs), ca: pki.ca })).status, 401, 'no client certificate');
  assert.equal((await httpsRequest(rx.port, { body: list(evs), ca: pki.ca, cert: pki.otherCert, key: pki.otherKey })).status, 401, 'foreign CA');
  assert.equal(await store.size(), 0);

  const ok = await httpsRequest(rx.port, { body: list(evs), ...me });
  assert.equal(ok.status, 200, ok.body);
  assert.deepEqual(JSON.parse(ok.body), { stored: 400, duplicates: 0, size: 400 });
  const retry = await httpsRequest(rx.port, { body: list([...evs.slice(390), ...syntheticEvents(5, { seed: 32 })]), ...me });
  assert.deepEqual(JSON.parse(retry.body), { stored: 5, duplicates: 10, size: 405 });

  const bad = await httpsRequest(rx.port, { body: '{"kind":"EventList","items":[{"auditID":', ...me });
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error, /body is not JSON/);
  const notList = await httpsRequest(rx.port, { body: '{"kind":"PodList","items":[]}', ...me });
  assert.equal(notList.status, 400);
  assert.match(JSON.parse(notList.body).error, /not an audit EventList or Event/);
  const mixed = await httpsRequest(rx.port, { body: list([syntheticEvents(1, { seed: 33 })[0], { kind: 'Event' }]), ...me });
  assert.equal(mixed.status, 200);
  assert.deepEqual(JSON.parse(mixed.body).rejected, [{ item: 1, error: 'auditID is missing' }]);
  const big = await httpsRequest(rx.port, { body: Buffer.alloc(3 * 1024 * 1024, 0x20), ...me });
  assert.equal(big.status, 413);
  assert.equal((await httpsRequest(rx.port, { method: 'PUT', body: '{}', ...me })).status, 405);
  assert.equal((await httpsRequest(rx.port, { method: 'GET', path: '/healthz', ca: pki.ca })).status, 200, 'still alive');
  assert.equal(await store.size(), 406);
  assert.ok(logs.some((l) => /rejected 1 malformed item/.test(l)));
});

test('bearer-token authentication', async (t) => {
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const store = openSqliteStore(join(dir, 'trail.db'));
  const token = 'b7c1f0e2d9a84e5f9c3b2a1d0e9f8a7b';
  const rx = await startReceiver({ store, host: '127.0.0.1', port: 0, cert: readFileSync(pki.cert), key: readFileSync(pki.key), token, maxBodyBytes: 1 << 20, log: () => undefined });
  t.after(async () => {
    await rx.close();
    await store.close();
  });
  const body = list(syntheticEvents(3, { seed: 40 }));
  assert.equal((await httpsRequest(rx.port, { body, ca: pki.ca })).status, 401);
  assert.equal((await httpsRequest(rx.port, { body, ca: pki.ca, token: token.replace(/^b/, 'c') })).status, 401);
  assert.equal((await httpsRequest(rx.port, { body, ca: pki.ca, token })).status, 200);
  assert.equal(await store.size(), 3);
  assert.throws(() => startReceiver({ store, host: '127.0.0.1', port: 0, cert: readFileSync(pki.cert), key: readFileSync(pki.key), maxBodyBytes: 1, log: () => undefined }), /needs client-certificate/);
});
