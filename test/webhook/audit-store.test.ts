import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/audit/store/open.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { DEFAULT_POLICY } from '../../src/webhook/decision.js';
import { decisionEvent } from '../../src/webhook/decision-trail.js';
import { startWebhook } from '../../src/webhook/server.js';
import { pod, privilegedPodSpec, review } from './objects.js';
import { makeCert, post } from './tls-fixture.js';

const pair = makeCert();

describe('webhook decisions in the tamper-evident trail', { skip: pair === undefined ? 'openssl is not installed' : false }, () => {
  it('appends a denial keyed by its decision id, without the object, and nothing for a dry run', async () => {
    if (!pair) return;
    const store = await openStore(path.join(mkdtempSync(path.join(tmpdir(), 'phiguard-wh-store-')), 'trail.db'));
    const hook = await startWebhook({ port: 0, host: '127.0.0.1', certFile: pair.cert, keyFile: pair.key, config: DEFAULT_CONFIG, policy: DEFAULT_POLICY,
      record: async (r) => { await store.append([decisionEvent(r)], { receivedAt: r.time }); }, log: () => undefined });
    try {
      const object = pod('ehr', privilegedPodSpec());
      await post(hook.port, pair.pem, JSON.stringify(review(object, { dryRun: true })));
      assert.equal(await store.size(), 0);
      const reply = JSON.parse((await post(hook.port, pair.pem, JSON.stringify(review(object)))).body) as { response: { allowed: boolean; auditAnnotations: Record<string, string> } };
      assert.equal(reply.response.allowed, false);
      const id = reply.response.auditAnnotations['decision-id'] ?? '';
      assert.equal(await store.size(), 1);
      assert.equal((await store.findAuditId(id)).length, 1);
      const leaf = (await store.leaf(0))?.leaf.toString('utf8') ?? '';
      assert.match(leaf, /"outcome":"deny"/);
      assert.match(leaf, /HK-PS-003/);
      assert.doesNotMatch(leaf, /registry\.example\.com/, 'the object is not stored');
    } finally {
      await hook.close();
      await store.close();
    }
  });
});
