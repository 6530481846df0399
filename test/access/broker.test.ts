// The just-in-time access broker end to end: the CLI in-process against the FAKE Kubernetes API (an HTTPS test
// fixture, test/support/fake-kube) with a real SQLite trail file; the grant RoleBindings are really created and
// deleted through the API, and every step is a leaf of the trail's Merkle log.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import type { World } from './helpers.js';
import { apiEvent, closeWorld, idOf, openTempWorld, sleep } from './helpers.js';

interface ListedState { id: string; status: string; approvers: string[]; records?: unknown; breakGlass: boolean; expires?: string; grantedAt?: string; reviews: { by: string }[] }

async function states(w: World): Promise<ListedState[]> {
  const r = await w.access('admin', ['list', '--all', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ListedState[];
}

async function recordActions(w: World, id: string): Promise<string[]> {
  const { openStore } = await import('../../src/audit/store/open.js');
  const { parseLeaf } = await import('../../src/audit/event.js');
  const { accessRecordOf } = await import('../../src/access/grant.js');
  const store = await openStore(w.store);
  const out: string[] = [];
  try {
    for await (const rows of store.scan(0, Number.MAX_SAFE_INTEGER)) {
      for (const row of rows) {
        const rec = accessRecordOf(parseLeaf(row.leaf).event);
        if (rec?.id === id) out.push(rec.action);
      }
    }
  } finally {
    await store.close();
  }
  return out;
}

async function verifyTrail(w: World): Promise<void> {
  const key = path.join(w.dir, 'trail');
  if (!existsSync(`${key}.key`)) {
    const k = await w.cli(['audit', 'keygen', '--name', 'access-test', '--out', key]);
    assert.equal(k.code, 0, k.stderr);
  }
  const c = await w.cli(['audit', 'checkpoint', '--store', w.store, '--key', `${key}.key`]);
  assert.equal(c.code, 0, c.stderr);
  const v = await w.cli(['audit', 'verify', '--store', w.store, '--public-key', `${key}.pub`]);
  assert.equal(v.code, 0, `audit verify: ${v.stdout}${v.stderr}`);
}

describe('phiguard access: request, approve, expire (SQLite trail, fake API)', () => {
  let w: World;
  before(async () => {
    w = await openTempWorld();
  });
  after(() => closeWorld(w));

  it('grants through a RoleBinding created in the API, and reconcile deletes it at expiry; every step recorded, verify passes', async () => {
    const req = await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '2s', '--reason', 'INC-7 debugging', '--ticket', 'INC-7']);
    assert.equal(req.code, 0, req.stderr);
    const id = idOf(req);
    assert.match(req.stderr, /needs 1 approval/);
    assert.equal(w.grantBindings().length, 0, 'nothing is granted before approval');

    const ok = await w.access('bob', ['approve', id]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /granted ClusterRole view in clinic to alice/);
    const [b] = w.grantBindings();
    assert.ok(b, 'the grant RoleBinding exists in the API');
    const meta = b['metadata'] as { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
    assert.equal(meta.name, `phiguard-access-${id}`);
    assert.equal(meta.namespace, 'clinic');
    assert.equal(meta.labels['phiguard.dev/access-grant'], id);
    assert.equal(meta.labels['app.kubernetes.io/managed-by'], 'phiguard-access');
    assert.equal(meta.annotations['phiguard.dev/requester'], 'alice');
    assert.equal(meta.annotations['phiguard.dev/approvers'], 'bob');
    assert.equal(meta.annotations['phiguard.dev/ticket'], 'INC-7');
    assert.ok(meta.annotations['phiguard.dev/owner'] && meta.annotations['phiguard.dev/reviewed-at']);
    assert.match(meta.annotations['phiguard.dev/grant-digest'] ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(b['subjects'], [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }]);
    assert.deepEqual(b['roleRef'], { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    assert.ok(w.fake.requests.some((r) => r.method === 'POST' && r.path === '/apis/rbac.authorization.k8s.io/v1/namespaces/clinic/rolebindings' && r.user === 'bob' && r.status === 201));

    // alice uses the grant; the API server's audit log lands in the same trail.
    const log = path.join(w.dir, 'api.log');
    writeFileSync(log, apiEvent('use-1', 'alice', 'get', 'pods', 'clinic', 'ehr-0'));
    assert.equal((await w.cli(['audit', 'import', log, '--store', w.store])).code, 0);

    const early = await w.access('broker', ['reconcile', '--grace', '0s']);
    assert.equal(early.code, 0, early.stderr);
    assert.match(early.stdout, /nothing to reconcile/);
    assert.equal(w.grantBindings().length, 1);

    await sleep(2200);
    const rec = await w.access('broker', ['reconcile']);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stdout, new RegExp(`EXPIRED ${id} \\(RoleBinding clinic/phiguard-access-${id}\\)`));
    assert.equal(w.grantBindings().length, 0, 'the expired binding was deleted');
    assert.ok(w.fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/rolebindings/phiguard-access-${id}`) && r.user === 'broker' && r.status === 200));
    assert.deepEqual(await recordActions(w, id), ['requested', 'approved', 'granted', 'expired']);
    const s = (await states(w)).find((x) => x.id === id);
    assert.equal(s?.status, 'expired');
    assert.match((await w.access('admin', ['list'])).stdout, /No open access requests/);
    await verifyTrail(w);
    // The API event is still reviewed and detected as before; the records are not mistaken for API events.
    const review = await w.cli(['audit', 'review', '--store', w.store, '--format', 'json']);
    assert.equal(review.code, 0, review.stderr);
    assert.equal((JSON.parse(review.stdout) as { events: number }).events, 1);
  });

  it('takes the identity the API server authenticated, not the kubeconfig user entry\'s name', async () => {
    const id = idOf(await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '30m', '--reason', 'renamed kubeconfig']));
    // alice's token under a user entry she renamed "bob": the server still says alice, so this is self-approval.
    const renamed = path.join(w.dir, 'alice-as-bob.kubeconfig');
    writeFileSync(renamed, w.fake.kubeconfig('alice-token', { context: 'bob@fake' }).replace(/\bname: alice\b/g, 'name: bob').replace(/user: alice\b/g, 'user: bob'));
    assert.match(readFileSync(renamed, 'utf8'), /- name: bob/);
    const run = await runCli(['access', 'approve', id, '--kubeconfig', renamed, '--config', w.config, '--store', w.store], { cwd: w.dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /alice requested this access and cannot approve it/);
    assert.ok(w.fake.requests.some((r) => r.method === 'POST' && r.path === '/apis/authentication.k8s.io/v1/selfsubjectreviews' && r.user === 'alice'));
    assert.equal((await w.access('bob', ['deny', id, '--reason', 'test done'])).code, 0);
  });

  it('refuses self-approval, approvers outside the approver groups, and a second approval by the same person', async () => {
    const id = idOf(await w.access('alice', ['request', '--clusterrole', 'edit', '--namespace', 'clinic', '--for', '30m', '--reason', 'deploy fix']));
    const self = await w.access('alice', ['approve', id]);
    assert.equal(self.code, 1);
    assert.match(self.stderr, /alice requested this access and cannot approve it \(self-approval is never allowed\)/);
    const outsider = await w.access('dave', ['approve', id]);
    assert.equal(outsider.code, 1);
    assert.match(outsider.stderr, /dave is not in an approver group of this rule \(access\.rules approverGroups: security\)/);
    const first = await w.access('bob', ['approve', id]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /1 more approval\(s\) needed/);
    assert.equal(w.grantBindings().length, 0, 'one of two approvals grants nothing');
    const again = await w.access('bob', ['approve', id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /bob has already approved this request/);
    const second = await w.access('erin', ['approve', id]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(w.grantBindings().length, 1);
    const revoke = await w.access('dave', ['revoke', id]);
    assert.equal(revoke.code, 1, 'dave neither requested nor may approve');
    const done = await w.access('bob', ['revoke', id, '--reason', 'fix deployed']);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /revoked by bob; RoleBinding clinic\/phiguard-access-\w+ deleted/);
    assert.equal(w.grantBindings().length, 0);
    assert.deepEqual(await recordActions(w, id), ['requested', 'approved', 'approved', 'granted', 'revoked']);
  });

  it('refuses what the policy does not allow, naming the policy file and field', async () => {
    const long = await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '5h', '--reason', 'x']);
    assert.equal(long.code, 1);
    assert.match(long.stderr, /phiguard\.yaml: 5h is longer than the maximum of 4h \(access\.rules maxDuration\) for ClusterRole view in clinic/);
    const role = await w.access('alice', ['request', '--clusterrole', 'cluster-admin', '--namespace', 'clinic', '--for', '1h', '--reason', 'x']);
    assert.equal(role.code, 1);
    assert.match(role.stderr, /ClusterRole cluster-admin may not be requested: no access\.rules entry lists it/);
    const ns = await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'billing', '--for', '1h', '--reason', 'x']);
    assert.equal(ns.code, 1);
    assert.match(ns.stderr, /may not be requested in namespace billing: access\.rules lists it only for clinic/);
    const who = await w.access('carol', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '1h', '--reason', 'x']);
    assert.equal(who.code, 1);
    assert.match(who.stderr, /carol may not request ClusterRole view in clinic/);
    const asUser = await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '1h', '--reason', 'x', '--as-user', 'dave']);
    assert.equal(asUser.code, 2);
    assert.match(asUser.stderr, /--as-user is refused: .*does not set access\.allowAsUser: true/);
    const bad = path.join(w.dir, 'bad.yaml');
    writeFileSync(bad, 'access:\n  rules:\n    - namespaces: [clinic]\n      maxDuration: two hours\n');
    const cfg = await runCli(['access', 'request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '1h', '--reason', 'x', '--config', bad, '--store', w.store, '--kubeconfig', w.kubeconfig('alice')], { cwd: w.dir });
    assert.equal(cfg.code, 2);
    assert.match(cfg.stderr, /bad\.yaml:4: \/access\/rules\/0\/maxDuration must match pattern/);
    assert.equal(w.grantBindings().length, 0);
  });

  it('detects a grant binding edited by hand, removes it and records it as tampered', async () => {
    const id = idOf(await w.access('alice', ['request', '--role', 'phi-reader', '--namespace', 'clinic', '--for', '1h', '--reason', 'report']));
    assert.equal((await w.access('erin', ['approve', id])).code, 0);
    const [b] = w.grantBindings();
    assert.ok(b);
    const apiPath = `/apis/rbac.authorization.k8s.io/v1/namespaces/clinic/rolebindings/phiguard-access-${id}`;
    const edited = { ...b, subjects: [...(b['subjects'] as unknown[]), { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'mallory' }] };
    assert.equal((await w.adminCall('PUT', apiPath, edited)).status, 200);
    const rec = await w.access('broker', ['reconcile']);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stdout, new RegExp(`TAMPERED ${id} .*roleRef or subjects differ from the grant as recorded`));
    assert.equal((await w.adminCall('GET', apiPath)).status, 404, 'the edited binding is gone');
    assert.deepEqual(await recordActions(w, id), ['requested', 'approved', 'granted', 'tampered']);
    await verifyTrail(w);
  });

  it('lets the kubectl of Debian list the grant RoleBinding the broker created', async (t) => {
    const { requireKubectl } = await import('../support/fake-kube/kubectl.js');
    const kubectl = requireKubectl(t);
    if (!kubectl) return;
    const id = idOf(await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '1h', '--reason', 'kubectl check']));
    assert.equal((await w.access('bob', ['approve', id])).code, 0);
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    // Asynchronous: the fake API runs in this process and must keep answering while kubectl waits.
    const { stdout: out } = await promisify(execFile)(kubectl, ['--kubeconfig', w.kubeconfig('admin'), 'get', 'rolebindings', '-n', 'clinic', '-l', `phiguard.dev/access-grant=${id}`, '-o', 'json'], { encoding: 'utf8', timeout: 60_000 });
    const items = (JSON.parse(out) as { items: { metadata: { name: string; annotations: Record<string, string> } }[] }).items;
    assert.deepEqual(items.map((i) => i.metadata.name), [`phiguard-access-${id}`]);
    assert.equal(items[0]?.metadata.annotations['phiguard.dev/requester'], 'alice');
    assert.equal((await w.access('alice', ['revoke', id])).code, 0);
  });
});
