import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import yaml from 'js-yaml';
import { buildInventory } from '../../src/core/inventory.js';
import type { JsonValue, KubeResource } from '../../src/core/resource.js';
import { refKey } from '../../src/core/resource.js';
import type { CelControl } from '../../src/remediation/admission-policies.js';
import { admissionPolicies, CEL_CONTROLS, messageExpression, WORKLOAD_KINDS_MATCHED, WORKLOAD_VARIABLES } from '../../src/remediation/admission-policies.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';
import type { RuleCase, RuleCases } from '../support/rule-tester.js';
import { TEST_CONFIG } from '../support/rule-tester.js';

/** JSON as CEL sees a Kubernetes object: maps, lists, int (not double) for whole numbers. */
function toCel(v: JsonValue): unknown {
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v;
}

type Verdict = 'allow' | 'deny' | 'error';

/** Runs the policy as the API server would: variables in order, then the validation; an error fails closed. */
function verdictOf(c: CelControl, object: JsonValue): { verdict: Verdict; message?: string } {
  const bindings: Record<string, unknown> = { object: toCel(object) };
  const variables = new Map<string, unknown>();
  const ev = (expr: string): unknown => run(expr, { ...bindings, variables } as never, { funcs: strings });
  for (const v of WORKLOAD_VARIABLES) {
    const value = ev(v.expression);
    if (value instanceof Error) return { verdict: 'error', message: `${v.name}: ${value.message}` };
    variables.set(v.name, value);
  }
  const ok = ev(c.expression);
  if (typeof ok !== 'boolean') return { verdict: 'error', message: ok instanceof Error ? ok.message : String(ok) };
  if (ok) return { verdict: 'allow' };
  const m = ev(messageExpression(c));
  return { verdict: 'deny', message: typeof m === 'string' ? m : `message error: ${String(m)}` };
}

function docCases(id: string): RuleCase[] {
  const md = readFileSync(path.join(REPO_ROOT, 'docs', 'controls', `${id}.md`), 'utf8');
  const out: RuleCase[] = [];
  for (const [title, name] of [['Failing example', 'docs failing example'], ['Passing example', 'docs passing example']] as const) {
    const m = new RegExp(`## ${title}\\s*\\n+\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(md);
    if (m?.[1]) out.push({ name, yaml: m[1] });
  }
  return out;
}

async function ruleCases(slug: string): Promise<RuleCases> {
  const dir = slug === 'mutable-image-tags' ? 'workload' : 'pod-security';
  return ((await import(`../rules/${dir}/${slug}.cases.js`)) as { cases: RuleCases }).cases;
}

interface Row { readonly control: string; readonly cases: number; readonly agreed: number; readonly denied: number; readonly disagreements: string[] }

test('every generated CEL policy agrees with its rule on the docs examples and the rule test cases', async () => {
  const rows: Row[] = [];
  for (const c of CEL_CONTROLS) {
    const rule = RULES.find((r) => r.meta.id === c.id);
    assert.ok(rule, `no rule for ${c.id}`);
    const rc = await ruleCases(c.slug);
    const all = [...docCases(c.id), ...rc.valid, ...rc.invalid];
    assert.ok(docCases(c.id).length === 2, `${c.id}: the docs page has a failing and a passing example`);
    const disagreements: string[] = [];
    let agreed = 0;
    let denied = 0;
    for (const k of all) {
      let denies = false;
      const config = { ...TEST_CONFIG, ...k.config };
      const result = evaluateTexts([{ file: 'case.yaml', text: k.yaml }], [rule], config);
      const raised = new Set(result.findings.filter((f) => f.control === c.id && f.resource).map((f) => refKey(f.resource!)));
      const judged: KubeResource[] = buildInventory(result.parsed.resources, config).podSpecs.map((p) => p.resource).filter((r) => WORKLOAD_KINDS_MATCHED.includes(r.ref.kind));
      const problems: string[] = [];
      for (const r of judged) {
        const v = verdictOf(c, r.object);
        if (v.verdict === 'error') problems.push(`${r.ref.kind}/${r.ref.name}: CEL error ${v.message ?? ''}`);
        else if ((v.verdict === 'deny') !== raised.has(refKey(r.ref))) problems.push(`${r.ref.kind}/${r.ref.name}: rule ${raised.has(refKey(r.ref)) ? 'raises' : 'passes'}, policy ${v.verdict === 'deny' ? 'denies' : 'admits'}`);
        if (v.verdict === 'deny') denies = true;
        if (v.verdict === 'deny') assert.match(v.message ?? '', new RegExp(`^${c.id} \\(45 CFR 164\\.`), `${c.id}: the denial names the control and citation`);
      }
      for (const key of raised) if (!judged.some((r) => refKey(r.ref) === key)) problems.push(`${key}: rule raises on an object no policy admits`);
      if (denies) denied++;
      if (problems.length === 0) agreed++;
      else disagreements.push(`${k.name}: ${problems.join('; ')}`);
    }
    rows.push({ control: c.id, cases: all.length, agreed, denied, disagreements });
    assert.ok(denied > 0 && denied < all.length, `${c.id}: the cases must include both admitted and denied objects (${denied}/${all.length} denied)`);
  }
  const width = Math.max(...rows.map((r) => r.control.length));
  console.log(`CEL policy vs rule agreement (@bufbuild/cel):\n${'control'.padEnd(width)}  cases  denied  agreed\n${rows.map((r) => `${r.control.padEnd(width)}  ${String(r.cases).padStart(5)}  ${String(r.denied).padStart(6)}  ${String(r.agreed).padStart(6)}`).join('\n')}\n`
    + `total: ${rows.length} controls, ${rows.reduce((a, r) => a + r.agreed, 0)}/${rows.reduce((a, r) => a + r.cases, 0)} cases agree`);
  assert.deepEqual(rows.flatMap((r) => r.disagreements.map((d) => `${r.control} ${d}`)), []);
});

test('phiguard generate admission-policies writes a policy and two bindings per control', async () => {
  const r = await runCli(['generate', 'admission-policies']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, admissionPolicies({ phiLabel: { key: 'phiguard.dev/scope', value: 'phi' } }));
  const docs = yaml.loadAll(r.stdout) as { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> }[];
  assert.ok(docs.every((d) => d.apiVersion === 'admissionregistration.k8s.io/v1'));
  const policies = docs.filter((d) => d.kind === 'ValidatingAdmissionPolicy');
  assert.equal(policies.length, CEL_CONTROLS.length);
  for (const p of policies) {
    const bindings = docs.filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding' && d.spec['policyName'] === p.metadata.name);
    assert.deepEqual(bindings.map((b) => b.spec['validationActions']), [['Deny'], ['Warn', 'Audit']], p.metadata.name);
  }
});
