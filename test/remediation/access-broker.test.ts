import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { buildRbacModel } from '../../src/analysis/rbac/model.js';
import { parseResourceSpec, whoCan } from '../../src/analysis/rbac/who-can.js';
import { RECONCILE_SPEC } from '../../src/cli/access/specs.js';
import { ACCESS_BROKER_SPEC } from '../../src/cli/generate-access-broker.js';
import { parseCommand } from '../../src/cli/options.js';
import { inventoryOf } from '../analysis/model-input.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const BROKER = 'ServiceAccount phiguard-system/phiguard-access-broker';
const POLICY = `access:
  groups: {oncall: [alice]}
  rules:
    - {clusterRoles: [view], roles: [ehr-operator], namespaces: [ehr]}
    - {clusterRoles: [edit], namespaces: [billing, ehr]}
    - {clusterRoles: [view], namespaces: ["*"]}
  breakGlass: {groups: [oncall], namespaces: [ehr]}
`;

interface Container { args: string[]; env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]; securityContext: Record<string, unknown>; resources?: unknown }
interface PodSpec { automountServiceAccountToken?: boolean; serviceAccountName?: string; securityContext: Record<string, unknown>; containers: Container[] }
interface Doc { kind: string; metadata: { name: string; namespace?: string }; rules?: { resources?: string[]; verbs: string[]; resourceNames?: string[] }[];
  spec?: { schedule?: string; template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } }; egress?: { ports: { port: number }[] }[] } }

function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-broker-'));
  writeFileSync(path.join(dir, '.phiguard.yaml'), POLICY);
  return dir;
}

async function generated(args: string[] = [], cwd = workDir()): Promise<{ text: string; docs: Doc[]; cwd: string }> {
  const gen = await runCli(['generate', 'access-broker', '--store-secret', 'broker-store', ...args], { cwd });
  assert.equal(gen.code, 0, gen.stderr);
  return { text: gen.stdout, docs: yaml.loadAll(gen.stdout) as Doc[], cwd };
}

const podOf = (d: Doc | undefined): PodSpec | undefined => d?.spec?.template?.spec ?? d?.spec?.jobTemplate?.spec.template.spec;

describe('phiguard generate access-broker', () => {
  it('writes real YAML that the phiguard scan finds nothing high in but the bind it must hold', async () => {
    const { text, docs, cwd } = await generated();
    assert.deepEqual(docs.map((d) => d.kind), ['Namespace', 'ResourceQuota', 'LimitRange', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding',
      'Role', 'RoleBinding', 'Role', 'RoleBinding', 'NetworkPolicy', 'NetworkPolicy', 'CronJob']);
    const file = path.join(cwd, 'broker.yaml');
    writeFileSync(file, text);
    const scan = await runCli(['scan', file, '--format', 'json', '--now', '2026-12-01T00:00:00Z'], { cwd });
    const report = JSON.parse(scan.stdout) as { findings: { control: string; severity: string; message: string }[]; errors: unknown[] };
    assert.deepEqual(report.errors, []);
    const serious = report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
    // Justified: granting a role through a RoleBinding needs `bind` on it (or escalate); the broker holds bind on the
    // requestable roles only, by resourceNames, in the grant namespaces only. HK-AC-006 says exactly that, one per namespace.
    assert.deepEqual(serious.map((f) => f.control), ['HK-AC-006', 'HK-AC-006']);
    for (const f of serious) assert.match(f.message, /ServiceAccount phiguard-system\/phiguard-access-broker bind .*only for resourceNames/);
    assert.match(serious.map((f) => f.message).join('\n'), /namespace "ehr".*resourceNames ehr-operator, admin, edit, view/);
    // The rest: no break-glass ClusterRoleBinding in this file (cluster-wide), and the store URL read into env as asked.
    assert.deepEqual(report.findings.filter((f) => !serious.includes(f)).map((f) => f.control).sort(), ['HK-EA-001', 'HK-SE-004']);
  });

  it('the RBAC model shows the broker can manage rolebindings in the grant namespaces only, never read Secrets or make Pods', async () => {
    const { text } = await generated();
    const model = buildRbacModel(inventoryOf(text));
    const can = (verb: string, resource: string, ns: string | undefined, name?: string): boolean =>
      whoCan(model, parseResourceSpec(verb, resource, name), ns, NOW).some((a) => a.subject === BROKER);
    for (const ns of ['ehr', 'billing']) for (const verb of ['get', 'list', 'create', 'update', 'delete']) assert.ok(can(verb, 'rolebindings', ns), `${verb} rolebindings in ${ns}`);
    assert.ok(!can('create', 'rolebindings', 'default'), 'no grant outside the policy namespaces');
    assert.ok(can('list', 'rolebindings', 'default'), 'lists grant bindings across namespaces');
    assert.ok(!can('delete', 'rolebindings', 'default'), 'deletes only in grant namespaces');
    assert.ok(!can('get', 'rolebindings', 'default'));
    for (const ns of ['ehr', 'billing', 'phiguard-system', undefined]) {
      assert.ok(!can('get', 'secrets', ns), `get secrets in ${ns ?? 'the cluster'}`);
      assert.ok(!can('list', 'secrets', ns), `list secrets in ${ns ?? 'the cluster'}`);
      assert.ok(!can('create', 'pods', ns), `create pods in ${ns ?? 'the cluster'}`);
      assert.ok(!can('create', 'pods/exec', ns), `exec in ${ns ?? 'the cluster'}`);
      assert.ok(!can('escalate', 'clusterroles', ns), `escalate in ${ns ?? 'the cluster'}`);
      assert.ok(!can('create', 'clusterrolebindings', ns));
    }
    assert.ok(can('bind', 'clusterroles', 'ehr', 'admin'), 'break-glass default ClusterRole admin is bindable in ehr');
    assert.ok(can('bind', 'roles', 'ehr', 'ehr-operator'));
    assert.ok(!can('bind', 'clusterroles', 'billing', 'admin'), 'no break-glass in billing');
    assert.ok(!can('bind', 'clusterroles', 'ehr', 'cluster-admin'), 'nothing beyond the requestable roles');
  });

  it('runs a command line the real access reconcile spec accepts, every 5 minutes, on a hardened pod reading the store from the Secret', async () => {
    const { docs } = await generated();
    const cron = docs.find((d) => d.kind === 'CronJob');
    assert.equal(cron?.spec?.schedule, '*/5 * * * *');
    const pod = podOf(cron);
    const c = pod?.containers[0];
    assert.ok(pod && c);
    assert.deepEqual(c.args.slice(0, 2), ['access', 'reconcile']);
    const parsed = parseCommand(RECONCILE_SPEC, c.args.slice(2));
    assert.deepEqual(parsed.positionals, []);
    assert.equal(parsed.values.watch, undefined);
    const env = c.env?.find((e) => `$(${e.name})` === parsed.values.store);
    assert.deepEqual(env?.valueFrom?.secretKeyRef, { name: 'broker-store', key: 'url' });
    assert.equal(pod.automountServiceAccountToken, true);
    assert.equal(pod.serviceAccountName, 'phiguard-access-broker');
    assert.equal(pod.securityContext['runAsNonRoot'], true);
    assert.deepEqual(pod.securityContext['seccompProfile'], { type: 'RuntimeDefault' });
    assert.equal(c.securityContext['readOnlyRootFilesystem'], true);
    assert.equal(c.securityContext['allowPrivilegeEscalation'], false);
    assert.deepEqual(c.securityContext['capabilities'], { drop: ['ALL'] });
    assert.ok(c.resources);
    const egress = docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'phiguard-access-broker')?.spec?.egress ?? [];
    assert.deepEqual(egress.flatMap((e) => e.ports.map((p) => p.port)).sort((a, b) => a - b), [53, 53, 443, 5432, 6443]);
  });

  it('--mode deployment gives a Deployment that reconciles with --watch; --grant-namespace and --schedule are taken', async () => {
    const { docs } = await generated(['--mode', 'deployment', '--grant-namespace', 'ehr', '--namespace', 'access', '--store-secret-key', 'pg']);
    assert.ok(!docs.some((d) => d.kind === 'CronJob'));
    const c = podOf(docs.find((d) => d.kind === 'Deployment'))?.containers[0];
    assert.ok(c);
    const parsed = parseCommand(RECONCILE_SPEC, c.args.slice(2));
    assert.equal(parsed.values.watch, true);
    assert.equal(c.env?.[0]?.valueFrom?.secretKeyRef?.key, 'pg');
    assert.deepEqual(docs.filter((d) => d.kind === 'Role').map((d) => d.metadata.namespace), ['ehr']);
    assert.equal(docs.find((d) => d.kind === 'ServiceAccount')?.metadata.namespace, 'access');
    const cron = await generated(['--schedule', '*/2 * * * *']);
    assert.equal(cron.docs.find((d) => d.kind === 'CronJob')?.spec?.schedule, '*/2 * * * *');
  });

  it('refuses what it cannot generate, with exit 2', async () => {
    const cwd = workDir();
    assert.equal((await runCli(['generate', 'access-broker'], { cwd })).code, 2, 'no --store-secret');
    assert.equal((await runCli(['generate', 'access-broker', '--store-secret', 's', '--mode', 'daemonset'], { cwd })).code, 2);
    assert.equal((await runCli(['generate', 'access-broker', '--store-secret', 's', '--image', 'phiguard:latest'], { cwd })).code, 2);
    assert.equal((await runCli(['generate', 'access-broker', '--store-secret', 's', '--schedule', 'often'], { cwd })).code, 2);
    const empty = mkdtempSync(path.join(tmpdir(), 'phiguard-broker-empty-'));
    const none = await runCli(['generate', 'access-broker', '--store-secret', 's'], { cwd: empty });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no grant namespace/);
  });

  it('docs/access-broker.md documents exactly the options the parser takes', () => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'access-broker.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => /^\| `(-\w, )?--/.test(l));
    const documented = rows.map((l) => /--([a-z-]+)/.exec(l)?.[1] ?? '').sort();
    assert.deepEqual(documented, Object.keys(ACCESS_BROKER_SPEC.options).sort());
  });
});
