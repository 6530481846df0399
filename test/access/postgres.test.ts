// The request -> approve -> expire flow with the trail in PostgreSQL (several operators share one store), against the
// FAKE Kubernetes API (test/support/fake-kube, an HTTPS test fixture). Skips without PHIGUARD_TEST_PG_URL (fails under CI=true).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { dropPgSchema, pgUrlOrSkip } from '../audit/helpers.js';
import { idOf, makeWorld, sleep } from './helpers.js';

it('runs request, approve, use and expire with the records in PostgreSQL, and audit verify passes', async (t) => {
  const url = pgUrlOrSkip(t);
  if (!url) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-access-pg-'));
  const w = await makeWorld(dir, url);
  try {
    const id = idOf(await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '2s', '--reason', 'pg flow']));
    const self = await w.access('alice', ['approve', id]);
    assert.equal(self.code, 1);
    const ok = await w.access('bob', ['approve', id]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(w.grantBindings().length, 1);
    await sleep(2200);
    const rec = await w.access('broker', ['reconcile']);
    assert.match(rec.stdout, new RegExp(`EXPIRED ${id}`));
    assert.equal(w.grantBindings().length, 0);
    const listed = JSON.parse((await w.access('admin', ['list', '--all', '--format', 'json'])).stdout) as { id: string; status: string; approvers: string[] }[];
    assert.deepEqual(listed.map((s) => [s.id, s.status, s.approvers]), [[id, 'expired', ['bob']]]);
    const key = path.join(dir, 'pg');
    assert.equal((await w.cli(['audit', 'keygen', '--name', 'access-pg', '--out', key])).code, 0);
    assert.equal((await w.cli(['audit', 'checkpoint', '--store', url, '--key', `${key}.key`])).code, 0);
    const v = await w.cli(['audit', 'verify', '--store', url, '--public-key', `${key}.pub`]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  } finally {
    await w.fake.close();
    rmSync(dir, { recursive: true, force: true });
    await dropPgSchema(url);
  }
});
