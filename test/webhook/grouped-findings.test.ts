import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { ScanConfig } from '../../src/core/config.js';
import { evaluateObject } from '../../src/core/evaluate-object.js';
import type { JsonObject } from '../../src/core/resource.js';
import { admissionResources, decide } from '../../src/webhook/decision.js';
import { WEBHOOK_RULES } from '../../src/webhook/rules.js';
import { defineRule } from '../../src/core/rule.js';

/** Scan reports fold findings of one root cause into one; admission must still judge (and name) every control. */

const CONFIG: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-12-01T00:00:00Z', failOn: 'medium', phiNamespaces: { ...DEFAULT_CONFIG.phiNamespaces, names: ['ehr'] } };
const POD: JsonObject = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'ehr' },
  spec: {
    containers: [{ name: 'a', image: 'registry.example.org/api@sha256:' + 'a'.repeat(64), volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    volumes: [{ name: 'data', hostPath: { path: '/var/lib/ehr-data' } }],
  },
};

test('a Pod whose findings the engine folds into one is denied naming every folded control', () => {
  const { target, alongside } = admissionResources(POD, { namespace: 'ehr', config: CONFIG });
  const grouped = evaluateObject(target, alongside, WEBHOOK_RULES, CONFIG).findings.find((f) => (f.related ?? []).length > 0);
  assert.ok(grouped, 'the case must hold a grouped finding, or it tests nothing');
  const folded = [grouped.control, ...(grouped.related ?? []).map((r) => r.control)];
  const decision = decide({ operation: 'CREATE', object: POD, namespace: 'ehr', config: CONFIG,
    policy: { phiMode: 'enforce', defaultMode: 'warn', namespaceModes: {}, blockExisting: false } });
  assert.equal(decision.allowed, false);
  const judged = [...decision.blocking, ...decision.advisory].map((f) => f.control);
  for (const c of folded) assert.ok(judged.includes(c), `${c} (folded under ${grouped.control}) is judged at admission: ${judged.join(', ')}`);
  assert.ok(decision.blocking.every((f) => f.related === undefined), 'each blocking finding stands alone');
});

test('a rule that fails on the object denies in enforce mode and warns otherwise: unchecked is never allowed silently', () => {
  const broken = defineRule({ meta: { id: 'HK-PS-004', slug: 'broken', needs: 'workloads', messages: { m: 'm' } }, create: () => ({ podSpec() { throw new Error('boom'); } }) });
  const base = { operation: 'CREATE', object: POD, namespace: 'ehr', config: CONFIG, rules: [broken] };
  const enforce = decide({ ...base, policy: { phiMode: 'enforce', defaultMode: 'warn', namespaceModes: {}, blockExisting: false } });
  assert.equal(enforce.allowed, false);
  assert.match(enforce.message, /phiguard denied Pod ehr\/api: rule HK-PS-004 failed on Pod ehr\/api: boom/);
  const warn = decide({ ...base, policy: { phiMode: 'warn', defaultMode: 'warn', namespaceModes: {}, blockExisting: false } });
  assert.equal(warn.allowed, true);
  assert.equal(warn.outcome, 'warn');
  assert.match(warn.warnings[0] ?? '', /^phiguard could not check: rule HK-PS-004 failed/);
});
