import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/core/config.js';
import type { Rule } from '../../../src/core/rule.js';
import { CLUSTER_RULES } from '../../../src/rules/cluster/index.js';
import { evaluateTexts } from '../../../src/scan/evaluate-texts.js';
import { requireCorpus } from '../../support/corpus.js';

/** Polaris check → the phiguard control that answers the same question. */
const MAPPING: Readonly<Record<string, string>> = {
  clusterrolePodExecAttach: 'HK-AC-005',
  rolePodExecAttach: 'HK-AC-005',
  clusterrolebindingPodExecAttach: 'HK-AC-005',
  rolebindingClusterRolePodExecAttach: 'HK-AC-005',
  rolebindingRolePodExecAttach: 'HK-AC-005',
  clusterrolebindingClusterAdmin: 'HK-AC-002',
  rolebindingClusterAdminClusterRole: 'HK-AC-002',
  rolebindingClusterAdminRole: 'HK-AC-002',
};

const NAME_EXEMPTION = 'Polaris skips bindings by name (system:*, cluster-admin, gce:podsecuritypolicy:calico-sa); anyone can choose that name, and this binding really grants the permission to a non-system User, so phiguard reports it.';
const MISSING_ROLE = 'The binding names a role that is neither in the input nor built in: it grants nothing as given. Polaris fails closed; phiguard reports only grants it can prove.';

/** Fixtures where phiguard deliberately disagrees with Polaris, with the reason. */
const JUSTIFIED: Readonly<Record<string, string>> = {
  'clusterrolebindingClusterAdmin/success.gce_calico_binding.yaml': NAME_EXEMPTION,
  'clusterrolebindingClusterAdmin/success.system_prefix_binding.yaml': NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.gce_calico_binding.yaml': NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.system_prefix_binding.yaml': NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.defaultclusterrolebinding_clusteradmin.yaml': NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.defaultclusterrolebinding_system-controller-generic-garbage-collector.yaml': NAME_EXEMPTION,
  'rolebindingClusterAdminClusterRole/success.gce_calico_binding.yaml': NAME_EXEMPTION,
  'rolebindingClusterAdminClusterRole/success.system_prefix_binding.yaml': NAME_EXEMPTION,
  'rolebindingClusterAdminRole/success.gce_calico_binding.yaml': NAME_EXEMPTION,
  'rolebindingClusterAdminRole/success.system_prefix_binding.yaml': NAME_EXEMPTION,
  'rolebindingClusterRolePodExecAttach/success.gce_calico_binding.yaml': NAME_EXEMPTION,
  'rolebindingClusterRolePodExecAttach/success.system_prefix_binding.yaml': NAME_EXEMPTION,
  'rolebindingRolePodExecAttach/success.gce_calico_binding.yaml': NAME_EXEMPTION,
  'rolebindingRolePodExecAttach/success.system_prefix_binding.yaml': NAME_EXEMPTION,
  'rolebindingRolePodExecAttach/success.role_binding_cluster_role_binding.yaml':
    'The RoleBinding grants */*/* (so pods/exec) in my-namespace through a ClusterRole; Polaris checks that case under rolebindingClusterRolePodExecAttach, phiguard has one control (HK-AC-005) for every path to exec.',
  'clusterrolebindingPodExecAttach/failure.binding_points_to_missing_ref.yaml': MISSING_ROLE,
  'rolebindingClusterRolePodExecAttach/failure.binding_points_to_missing_ref.yaml': MISSING_ROLE,
  'rolebindingRolePodExecAttach/failure.binding_points_to_missing_ref.yaml': MISSING_ROLE,
};

interface Row { check: string; tp: number; fn: number; tn: number; fp: number }

test('Polaris RBAC fixtures: agreement of HK-AC-002/HK-AC-005 with Polaris', (t) => {
  const corpus = requireCorpus(t);
  if (!corpus) return;
  const base = path.join(corpus, 'polaris', 'test', 'checks');
  const rows: Row[] = [];
  const disagreements: { key: string; expected: boolean; got: boolean }[] = [];
  for (const [check, control] of Object.entries(MAPPING)) {
    const rules: Rule[] = CLUSTER_RULES.filter((r) => r.meta.id === control);
    assert.equal(rules.length, 1, `one rule for ${control}`);
    const row: Row = { check, tp: 0, fn: 0, tn: 0, fp: 0 };
    const files = readdirSync(path.join(base, check)).filter((f) => /^(failure|success)/.test(f) && f.endsWith('.yaml')).sort();
    assert.ok(files.length > 0, `fixtures for ${check}`);
    for (const f of files) {
      const text = readFileSync(path.join(base, check, f), 'utf8');
      const result = evaluateTexts([{ file: f, text }], rules, DEFAULT_CONFIG);
      assert.deepEqual(result.errors, [], `${check}/${f} parses`);
      const got = result.findings.some((x) => x.control === control);
      const expected = f.startsWith('failure');
      if (expected && got) row.tp++;
      else if (expected) row.fn++;
      else if (got) row.fp++;
      else row.tn++;
      if (got !== expected) disagreements.push({ key: `${check}/${f}`, expected, got });
    }
    rows.push(row);
  }
  const total = rows.reduce((n, r) => n + r.tp + r.fn + r.tn + r.fp, 0);
  const agree = rows.reduce((n, r) => n + r.tp + r.tn, 0);
  const justified = disagreements.filter((d) => JUSTIFIED[d.key] !== undefined).length;
  const lines = ['check                                 control    TP  FN  TN  FP  agree'];
  for (const r of rows) {
    const n = r.tp + r.fn + r.tn + r.fp;
    lines.push(`${r.check.padEnd(38)}${(MAPPING[r.check] ?? '').padEnd(11)}${String(r.tp).padStart(2)}  ${String(r.fn).padStart(2)}  ${String(r.tn).padStart(2)}  ${String(r.fp).padStart(2)}  ${((100 * (r.tp + r.tn)) / n).toFixed(1)}%`);
  }
  lines.push(`total: ${agree}/${total} = ${((100 * agree) / total).toFixed(1)}% raw agreement; ` +
    `${agree + justified}/${total} = ${((100 * (agree + justified)) / total).toFixed(1)}% counting the ${justified} justified disagreements`);
  for (const d of disagreements) lines.push(`  ${d.key}: Polaris ${d.expected ? 'flags' : 'passes'}, phiguard ${d.got ? 'flags' : 'passes'} — ${JUSTIFIED[d.key] ?? 'UNEXPLAINED'}`);
  console.log(lines.join('\n'));
  const unexplained = disagreements.filter((d) => JUSTIFIED[d.key] === undefined).map((d) => d.key);
  assert.deepEqual(unexplained, [], 'every disagreement with Polaris must be a documented, justified one');
  assert.ok(total >= 120, `expected the full fixture set, saw ${total}`);
  assert.ok((agree + justified) / total === 1, 'all fixtures agree or are justified');
  assert.ok(agree / total >= 0.85, `raw agreement ${agree}/${total}`);
});
