import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { ScanConfig } from '../../src/core/config.js';
import type { Decision, DecisionInput } from '../../src/webhook/decision.js';
import { decide, DEFAULT_POLICY } from '../../src/webhook/decision.js';
import type { RunningWebhook } from '../../src/webhook/server.js';
import { startWebhook } from '../../src/webhook/server.js';
import { warmUp } from '../../src/webhook/warm-up.js';
import { deployment, privilegedPodSpec, review } from './objects.js';
import type { CertPair } from './tls-fixture.js';
import { get, makeCert, post } from './tls-fixture.js';

const NOW = '2026-12-01T00:00:00Z';
const CONFIG: ScanConfig = { ...DEFAULT_CONFIG, phiNamespaces: { ...DEFAULT_CONFIG.phiNamespaces, names: ['ehr', 'warm-up'] } };

describe('webhook warm-up', () => {
  it('runs every sample through the real rules without a failure, and they exercise allow, deny and warn', () => {
    const outcomes = new Map<string, number>();
    const kinds = new Set<string>();
    let failures = 0;
    const made = warmUp((input: Omit<DecisionInput, 'config' | 'policy'>) => {
      kinds.add(String(input.object['kind']));
      const d: Decision = decide({ ...input, config: { ...CONFIG, now: NOW }, policy: { ...DEFAULT_POLICY, namespaceModes: {} } });
      outcomes.set(d.outcome, (outcomes.get(d.outcome) ?? 0) + 1);
      failures += d.failures.length;
      return d;
    }, 40, 10_000);
    assert.equal(made, 40);
    assert.equal(failures, 0, 'a rule failed on a warm-up sample');
    assert.ok((outcomes.get('deny') ?? 0) > 0, 'no sample is denied: the deny path stays cold');
    assert.ok((outcomes.get('allow') ?? 0) + (outcomes.get('warn') ?? 0) > 0, 'no sample is allowed');
    for (const k of ['Deployment', 'Pod', 'StatefulSet', 'DaemonSet', 'CronJob', 'Service', 'Role', 'ClusterRoleBinding']) assert.ok(kinds.has(k), k);
  });

  it('stops at the time budget however many decisions were asked for', () => {
    let calls = 0;
    const made = warmUp(() => { calls++; const end = performance.now() + 2; while (performance.now() < end); }, 1_000_000, 50);
    assert.equal(made, calls);
    assert.ok(made > 0 && made < 1000, `made ${made}`);
    assert.equal(warmUp(() => { calls++; }, 100, 0), 0);
  });

  it('keeps going past a sample that throws', () => {
    let n = 0;
    const made = warmUp(() => { n++; if (n % 2 === 0) throw new Error('boom'); }, 20, 10_000);
    assert.equal(made, 20);
    assert.equal(n, 20);
  });
});

const pair: CertPair | undefined = makeCert();
const skip = pair === undefined ? 'openssl is not installed: the webhook TLS tests need it (they fail under CI=true)' : false;

describe('a webhook started with warm-up', { skip }, () => {
  let hook: RunningWebhook;
  const logs: string[] = [];
  before(async () => {
    const p = pair as CertPair;
    hook = await startWebhook({ port: 0, host: '127.0.0.1', certFile: p.cert, keyFile: p.key, config: CONFIG, policy: DEFAULT_POLICY,
      log: (l) => logs.push(l), now: () => NOW, warmUpDecisions: 200 });
  });
  after(async () => { await hook.close(); });

  it('logs what it did and counts none of it in the metrics', async () => {
    assert.ok(logs.some((l) => /^phiguard webhook: warmed up with 200 decisions in \d+ ms$/.test(l)), logs.join('\n'));
    const metrics = await get(hook.port, (pair as CertPair).pem, '/metrics');
    assert.doesNotMatch(metrics.body, /phiguard_webhook_decisions_total\{/);
    assert.match(metrics.body, /phiguard_webhook_decision_duration_seconds_count 0\b/);
  });

  it('then answers its first review as a cold server would', async () => {
    const reply = await post(hook.port, (pair as CertPair).pem, JSON.stringify(review(deployment('ehr', privilegedPodSpec()))));
    assert.equal(reply.status, 200);
    const answer = JSON.parse(reply.body) as { response: { allowed: boolean; status?: { message: string } } };
    assert.equal(answer.response.allowed, false);
    assert.match(answer.response.status?.message ?? '', /HK-PS-003/);
    const metrics = await get(hook.port, (pair as CertPair).pem, '/metrics');
    assert.match(metrics.body, /phiguard_webhook_decision_duration_seconds_count 1\b/);
  });
});
