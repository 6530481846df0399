import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '../../src/audit/canonical-json.js';
import { parseLeaf, toIncoming, viewOf } from '../../src/audit/event.js';
import { startReceiver } from '../../src/audit/server.js';
import { openSqliteStore } from '../../src/audit/store/sqlite.js';
import { openPostgresStore } from '../../src/audit/store/postgres.js';
import type { AuditStore } from '../../src/audit/store/store.js';
import { syntheticEvents } from '../../src/audit/synthetic.js';
import type { JsonObject } from '../../src/core/resource.js';
import { dropPgSchema, httpsRequest, makePki, pgUrlOrSkip, runAudit, tempDir } from './helpers.js';

/** Keys that name Object.prototype machinery must be stored, hashed and proved exactly like any other key (issue 19). */
const HOSTILE = '{"__proto__":{"command":["sh","-c","curl evil"]},"constructor":{"prototype":{"x":1}},"prototype":{"y":[2]}}';

function hostileEvent(seed: number): JsonObject {
  const base = syntheticEvents(1, { seed })[0] as JsonObject;
  return { ...base, requestObject: { kind: 'Pod', spec: JSON.parse(HOSTILE) as JsonObject } };
}

/** The event as the API server wrote it: a spread would drop __proto__, so the key is spliced into the text. */
function hostileEventText(seed: number): string {
  const base = syntheticEvents(1, { seed })[0] as JsonObject;
  const text = JSON.stringify({ ...base, requestObject: { kind: 'Pod', spec: 'HOSTILE' } });
  return text.replace('"HOSTILE"', HOSTILE);
}

const EXPECTED_SPEC = '"spec":{"__proto__":{"command":["sh","-c","curl evil"]},"constructor":{"prototype":{"x":1}},"prototype":{"y":[2]}}';

async function leafTexts(store: AuditStore): Promise<string[]> {
  const out: string[] = [];
  for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) for (const r of rows) out.push(Buffer.from(r.leaf).toString('utf8'));
  return out;
}

test('canonical JSON keeps __proto__, constructor and prototype keys as own members', () => {
  const parsed: unknown = JSON.parse(HOSTILE);
  assert.equal(canonicalize(parsed), HOSTILE);
  // The slow path (integer-like keys) must keep them too.
  const withInt: unknown = JSON.parse(`{"1":0,${HOSTILE.slice(1)}`);
  assert.equal(canonicalize(withInt), `{"1":0,${HOSTILE.slice(1)}`);
  const v = viewOf(JSON.parse('{"auditID":"a","verb":"get","annotations":{"__proto__":"x"}}') as JsonObject);
  assert.equal(Object.keys(v.annotations).includes('__proto__'), true, 'an annotation named __proto__ is kept');
});

type Factory = (t: TestContext) => Promise<AuditStore | undefined>;
const factories: [string, Factory][] = [
  ['SQLite', async (t) => openSqliteStore(join(tempDir(t), 'trail.db'))],
  ['PostgreSQL', async (t) => {
    const url = pgUrlOrSkip(t);
    if (!url) return undefined;
    t.after(() => dropPgSchema(url));
    return openPostgresStore(url);
  }],
];

for (const [name, open] of factories) {
  describe(`hostile keys in the ${name} store`, () => {
    test('the stored leaf holds every key exactly as received', async (t) => {
      const store = await open(t);
      if (!store) return;
      t.after(() => store.close());
      const ev = JSON.parse(hostileEventText(5)) as JsonObject;
      await store.append([toIncoming(ev)], { receivedAt: '2026-09-01T09:00:00.000Z' });
      const [leaf] = await leafTexts(store);
      assert.ok(leaf?.includes(EXPECTED_SPEC), 'the __proto__ subtree is in the stored bytes');
      const back = parseLeaf(leaf ?? '').event;
      assert.equal(canonicalize(back), canonicalize(ev), 'reading the leaf back loses nothing');
      assert.equal(canonicalize(hostileEvent(5)), canonicalize(ev));
    });
  });
}

async function cliEndToEnd(t: TestContext, store: string): Promise<void> {
  const dir = tempDir(t);
  const lines = [hostileEventText(11), ...syntheticEvents(3, { seed: 12 }).map((e) => JSON.stringify(e))];
  writeFileSync(join(dir, 'events.jsonl'), lines.join('\n') + '\n');
  assert.equal((await runAudit(['keygen', '--name', 'test.example/trail', '--out', 'k'], dir)).code, 0);
  const imp = await runAudit(['import', 'events.jsonl', '--store', store, '--key', 'k.key'], dir);
  assert.equal(imp.code, 0, imp.stderr);
  const ver = await runAudit(['verify', '--store', store, '--public-key', 'k.pub', '--deep'], dir);
  assert.equal(ver.code, 0, ver.stdout + ver.stderr);
  const id = String((JSON.parse(hostileEventText(11)) as JsonObject)['auditID']);
  const prove = await runAudit(['prove', '--store', store, '--audit-id', id], dir);
  assert.equal(prove.code, 0, prove.stderr);
  assert.ok(prove.stdout.includes('__proto__'), 'the proof bundle carries the __proto__ subtree');
  writeFileSync(join(dir, 'proof.json'), prove.stdout);
  const check = await runAudit(['check-proof', 'proof.json', '--public-key', 'k.pub'], dir);
  assert.equal(check.code, 0, check.stdout + check.stderr);
}

test('import, verify --deep, prove and check-proof keep __proto__ end to end (SQLite)', async (t) => {
  await cliEndToEnd(t, 'trail.db');
});

test('import, verify --deep, prove and check-proof keep __proto__ end to end (PostgreSQL)', async (t) => {
  const url = pgUrlOrSkip(t);
  if (!url) return;
  t.after(() => dropPgSchema(url));
  await cliEndToEnd(t, url);
});

test('the receiver stores a __proto__ subtree it was sent', async (t) => {
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
  const body = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${hostileEventText(21)}]}`;
  const r = await httpsRequest(rx.port, { body, ca: pki.ca, cert: pki.clientCert, key: pki.clientKey });
  assert.equal(r.status, 200, r.body);
  const [leaf] = await leafTexts(store);
  assert.ok(leaf?.includes(EXPECTED_SPEC), 'the receiver kept the __proto__ subtree');
});
