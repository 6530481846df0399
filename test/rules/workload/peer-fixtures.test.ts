import assert from 'node:assert/strict';
import { partsOf } from '../../../src/core/finding.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ScanConfig } from '../../../src/core/config.js';
import { WORKLOAD_RULES } from '../../../src/rules/workload/index.js';
import { evaluateTexts } from '../../../src/scan/evaluate-texts.js';
import { requireCorpus } from '../../support/corpus.js';
import { TEST_CONFIG } from '../../support/rule-tester.js';

/** A peer check and the part of a phiguard control that checks the same thing. */
interface PeerCheck {
  readonly check: string;
  readonly control: string;
  readonly messages?: readonly string[];
  /** Fixtures where the peer's expectation differs from the catalog on purpose, with the reason. */
  readonly deviations?: Readonly<Record<string, string>>;
}

interface Fixture { readonly name: string; readonly text: string; readonly flag: boolean }

/** Resource names (or '' for the whole text) that the control flags, restricted to the mapped messages. */
function flaggedBy(check: PeerCheck, text: string, file: string, config: Partial<ScanConfig> = {}): Set<string> {
  const rule = WORKLOAD_RULES.find((r) => r.meta.id === check.control);
  assert.ok(rule, `no workload rule for ${check.control}`);
  const result = evaluateTexts([{ file, text }], [rule], { ...TEST_CONFIG, ...config });
  assert.deepEqual(result.errors.filter((e) => e.message.startsWith('rule ')), [], 'the rule must not throw');
  const names = new Set<string>();
  // A finding stands for everything folded into it (one root cause): each part counts on its own.
  for (const f of result.findings.flatMap(partsOf)) {
    if (f.control !== check.control) continue;
    const id = Object.entries(rule.meta.messages).find(([, t]) => new RegExp('^' + t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '[\\s\\S]*?') + '$').test(f.message))?.[0];
    if (check.messages && (id === undefined || !check.messages.includes(id))) continue;
    names.add(f.resource?.name ?? '');
  }
  return names;
}

/** Runs fixtures and asserts that every disagreement is a documented deviation; returns the agreement counts. */
function score(check: PeerCheck, fixtures: readonly Fixture[], config: Partial<ScanConfig> = {}): { agree: number; total: number } {
  const undocumented: string[] = [];
  let agree = 0;
  for (const fx of fixtures) {
    const flagged = flaggedBy(check, fx.text, fx.name, config).size > 0;
    if (flagged === fx.flag) agree++;
    else if (!check.deviations?.[fx.name]) undocumented.push(`${fx.name}: expected ${fx.flag ? 'flagged' : 'clean'}`);
  }
  assert.deepEqual(undocumented, [], `${check.check} → ${check.control}`);
  return { agree, total: fixtures.length };
}

const POLARIS: readonly PeerCheck[] = [
  { check: 'sensitiveContainerEnvVar', control: 'HK-SE-001' },
  { check: 'sensitiveConfigmapContent', control: 'HK-SE-002' },
  { check: 'tagNotSpecified', control: 'HK-IN-001' },
  { check: 'automountServiceAccountToken', control: 'HK-AC-011' },
  { check: 'cpuRequestsMissing', control: 'HK-AV-001', messages: ['cpuRequest'] },
  { check: 'memoryRequestsMissing', control: 'HK-AV-001', messages: ['memoryRequest'] },
  { check: 'memoryLimitsMissing', control: 'HK-AV-001', messages: ['memoryLimit'] },
  { check: 'livenessProbeMissing', control: 'HK-CP-009', messages: ['liveness'] },
  { check: 'readinessProbeMissing', control: 'HK-CP-009', messages: ['readiness'] },
  { check: 'pdbDisruptionsIsZero', control: 'HK-CP-007', messages: ['pdbBlocksAll', 'blocksAll'], deviations: {
    'failure.either.yaml': 'sets both minAvailable and maxUnavailable, which the API server rejects; as given it is not a PDB that can exist',
  } },
  { check: 'deploymentMissingReplicas', control: 'HK-CP-008', messages: ['single'] },
  { check: 'topologySpreadConstraint', control: 'HK-CP-008', messages: ['noZoneSpread'], deviations: {
    'failure.empty.yaml': 'a single replica cannot be spread; phiguard reports it as a single replica instead',
    'failure.nospreadconstraint.yaml': 'as failure.empty.yaml',
  } },
  { check: 'hpaMinAvailability', control: 'HK-CP-008', messages: ['hpaMin'], deviations: {
    'success.minReplicaAbsent.yaml': 'an absent minReplicas defaults to 1, which is a single point of failure',
  } },
  { check: 'missingPodDisruptionBudget', control: 'HK-CP-007', messages: ['missing'], deviations: Object.fromEntries(
    ['failure-bad-ns.yaml', 'failure.bad-name.yaml', 'failure.empty-labels.yaml', 'failure.no-labels.yaml', 'failure.no-metadata.yaml', 'failure.wrong-place.yaml', 'failure.yaml']
      .map((f) => [f, 'single-replica Deployment: the catalog asks PDBs of multi-replica workloads only (a PDB on one replica blocks drains)'])) },
];

const TRIVY: readonly (PeerCheck & { readonly file: string })[] = [
  { check: 'KSV-0013', file: 'uses_image_tag_latest.yaml', control: 'HK-IN-001' },
  { check: 'KSV-0109', file: 'configMap_with_secrets.yaml', control: 'HK-SE-002' },
  { check: 'KSV-0015', file: 'CPU_requests_not_specified.yaml', control: 'HK-AV-001', messages: ['cpuRequest'] },
  { check: 'KSV-0016', file: 'memory_requests_not_specified.yaml', control: 'HK-AV-001', messages: ['memoryRequest'] },
  { check: 'KSV-0018', file: 'memory_not_limited.yaml', control: 'HK-AV-001', messages: ['memoryLimit'] },
  { check: 'KSV-0036', file: 'protecting_pod_service_account_tokens.yaml', control: 'HK-AC-011', deviations: {
    'good[0]': 'Trivy only flags pods that mount the token path explicitly; the default still mounts an API token (CIS 5.1.6, Polaris uses_defaults)',
  } },
];

describe('workload rules against peer fixtures', () => {
  for (const check of POLARIS) {
    it(`Polaris ${check.check} → ${check.control}`, (t) => {
      const corpus = requireCorpus(t);
      if (!corpus) return;
      const dir = path.join(corpus, 'polaris', 'test', 'checks', check.check);
      const fixtures = readdirSync(dir).filter((f) => /^(failure|success)/.test(f))
        .map((f) => ({ name: f, text: readFileSync(path.join(dir, f), 'utf8'), flag: f.startsWith('failure') }));
      assert.ok(fixtures.length > 0);
      const { agree, total } = score(check, fixtures);
      t.diagnostic(`${agree}/${total} agree`);
    });
  }

  for (const check of TRIVY) {
    it(`Trivy ${check.check} → ${check.control}`, (t) => {
      const corpus = requireCorpus(t);
      if (!corpus) return;
      const doc = parse(readFileSync(path.join(corpus, 'trivy-checks', 'checks', 'kubernetes', check.file), 'utf8')) as { kubernetes: { good?: string[]; bad?: string[] } };
      const fixtures = [
        ...(doc.kubernetes.good ?? []).map((text, i) => ({ name: `good[${i}]`, text, flag: false })),
        ...(doc.kubernetes.bad ?? []).map((text, i) => ({ name: `bad[${i}]`, text, flag: true })),
      ];
      assert.ok(fixtures.length > 0);
      const { agree, total } = score(check, fixtures);
      t.diagnostic(`${agree}/${total} agree`);
    });
  }

  it('Kyverno restrict-image-registries → HK-IN-003 with the policy\'s allow-list', (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    const dir = path.join(corpus, 'kyverno-policies', 'best-practices', 'restrict-image-registries', '.kyverno-test');
    const flagged = flaggedBy({ check: 'restrict-image-registries', control: 'HK-IN-003' }, readFileSync(path.join(dir, 'resource.yaml'), 'utf8'), 'resource.yaml',
      { allowedRegistries: ['eu.foo.io', 'bar.io'] });
    assert.deepEqual([...flagged].sort(), ['badpod01', 'badpod02', 'badpod03', 'badpod04']);
  });
});
