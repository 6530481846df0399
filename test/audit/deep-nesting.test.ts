import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '../../src/audit/canonical-json.js';
import { parseLeaf } from '../../src/audit/event.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import { runAudit, tempDir } from './helpers.js';

/** The API server's JSON has no depth limit, so neither may canonicalisation (issue 21: never acknowledge what was not kept). */
const nested = (depth: number, open: string, close: string): string => `${open.repeat(depth)}1${close.repeat(depth)}`;

test('canonical JSON of 3,500 nested arrays, 6,000 nested objects and 100,000 arrays is exact', () => {
  for (const text of [nested(3500, '[', ']'), nested(6000, '{"a":', '}'), nested(100_000, '[', ']'), `{"1":${nested(5000, '{"b":', '}')}}`]) {
    assert.equal(canonicalize(JSON.parse(text)), text);
  }
  // Deep and shallow paths sort keys alike.
  const deep = `{"z":1,"a":${nested(700, '[', ']')},"m":{"y":2,"b":3}}`;
  assert.equal(canonicalize(JSON.parse(deep)), `{"a":${nested(700, '[', ']')},"m":{"b":3,"y":2},"z":1}`);
});

test('deeply nested events are imported, stored whole and verified', async (t) => {
  const dir = tempDir(t);
  const [a, b] = syntheticEvents(2, { seed: 91 });
  const deepArrays = JSON.stringify({ ...a, requestObject: 'DEEP' }).replace('"DEEP"', nested(3500, '[', ']'));
  const deepObjects = JSON.stringify({ ...b, requestObject: 'DEEP' }).replace('"DEEP"', nested(6000, '{"a":', '}'));
  writeFileSync(join(dir, 'deep.jsonl'), `${deepArrays}\n${deepObjects}\n`);
  assert.equal((await runAudit(['keygen', '--name', 'deep.example/audit', '--out', 'k'], dir)).code, 0);
  const imp = await runAudit(['import', 'deep.jsonl', '--store', 'trail.db', '--key', 'k.key'], dir);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stderr, /imported 2 new events/);
  const store = openSqliteStore(join(dir, 'trail.db'));
  const leaves: string[] = [];
  for await (const rows of store.scan(0, 10)) for (const r of rows) leaves.push(canonicalize(parseLeaf(r.leaf).event['requestObject']));
  await store.close();
  assert.deepEqual(leaves, [nested(3500, '[', ']'), nested(6000, '{"a":', '}')]);
  const v = await runAudit(['verify', '--store', 'trail.db', '--public-key', 'k.pub', '--deep'], dir);
  assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('the receiver stores a deeply nested event before it answers 200', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { startReceiver } = await import('../../src/audit/server.js');
  const { httpsRequest, makePki } = await import('./helpers.js');
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const store = openSqliteStore(join(dir, 'trail.db'));
  const rx = await startReceiver({
    store, host: '127.0.0.1', port: 0, cert: readFileSync(pki.cert), key: readFileSync(pki.key), clientCa: readFileSync(pki.ca),
    maxBodyBytes: 1 << 20, log: () => undefined,
  });
  t.after(async () => {
    await rx.close();
    await store.close();
  });
  const [e] = syntheticEvents(1, { seed: 93 });
  const item = JSON.stringify({ ...e, requestObject: 'DEEP' }).replace('"DEEP"', nested(6000, '{"a":', '}'));
  const r = await httpsRequest(rx.port, { body: `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[${item}]}`, ca: pki.ca, cert: pki.clientCert, key: pki.clientKey });
  assert.equal(r.status, 200, r.body);
  assert.equal(await store.size(), 1, 'a 200 means the event is stored');
});
