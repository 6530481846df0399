import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { ScanConfig } from '../../src/core/config.js';
import { evaluate } from '../../src/core/engine.js';
import { evaluateObject } from '../../src/core/evaluate-object.js';
import type { Finding } from '../../src/core/finding.js';
import type { JsonObject } from '../../src/core/resource.js';
import { RULES } from '../../src/rules/index.js';
import { parseManifests } from '../../src/sources/parse.js';
import { admissionResources, onTarget } from '../../src/webhook/decision.js';
import { WEBHOOK_RULES } from '../../src/webhook/rules.js';
import { manifestFiles, requireCorpus } from '../support/corpus.js';

/** The webhook's single-object path gives the findings the full engine gives, object by object over the corpus. */


const NOW = '2026-12-01T00:00:00Z';
const PHI: ScanConfig = { ...DEFAULT_CONFIG, now: NOW, phiNamespaces: { ...DEFAULT_CONFIG.phiNamespaces, names: ['ehr', 'default'] },
  waivers: [{ control: 'HK-PS-003', kind: 'Pod', reason: 'test waiver', ticket: 'T-1' }] };
const OPEN: ScanConfig = { ...DEFAULT_CONFIG, now: NOW };
const key = (f: Finding): string => `${f.control}|${f.path}|${f.severity}|${String(f.phi)}|${f.message}|${'waiver' in f ? 'waived' : ''}`;

test('evaluateObject gives the same findings and waivers as evaluate for every corpus object, in and out of PHI scope', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const objects: JsonObject[] = [];
  for (const file of manifestFiles(corpus)) {
    const parsed = parseManifests(file, readFileSync(file, 'utf8'));
    for (const r of parsed.resources) objects.push(r.object);
  }
  // Every object of a kind the webhook judges, and a stride through the rest (Services, ConfigMaps, CRDs...).
  const judged = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Secret', 'Namespace', 'ServiceAccount', 'HorizontalPodAutoscaler']);
  const sample = objects.filter((o, i) => judged.has(String(o['kind'])) || i % 7 === 0);
  assert.ok(sample.length > 1000, `${sample.length} objects`);
  let compared = 0;
  let withFindings = 0;
  const kinds = new Set<string>();
  for (const [i, object] of sample.entries()) {
    const labelled = i % 2 === 0;
    const config = i % 3 === 0 ? OPEN : PHI;
    const rules = i % 5 === 0 ? RULES : WEBHOOK_RULES;
    const { target, alongside } = admissionResources(object, { namespace: 'ehr', config, ...(labelled ? { namespaceLabels: { 'phiguard.dev/scope': 'phi' } } : {}) });
    const full = evaluate({ resources: [target, ...alongside] }, rules, config);
    const one = evaluateObject(target, alongside, rules, config);
    const same = onTarget(target);
    const expected = [...full.findings.filter(same), ...full.waived.filter(same)].map(key).sort();
    const actual = [...one.findings.filter(same), ...one.waived.filter(same)].map(key).sort();
    assert.deepEqual(actual, expected, `${target.ref.kind} ${target.ref.name} (object ${i})`);
    assert.deepEqual(one.errors, full.errors);
    compared++;
    if (expected.length > 0) withFindings++;
    kinds.add(target.ref.kind);
  }
  assert.ok(withFindings > 200, `${withFindings} of ${compared} objects have findings: the comparison is not vacuous`);
  assert.ok(['Deployment', 'Pod', 'CronJob', 'ClusterRoleBinding', 'Role'].every((k) => kinds.has(k)), [...kinds].join(','));
});
