// Crash repair and break-glass, against the FAKE Kubernetes API (test/support/fake-kube, an HTTPS test fixture)
// with a real SQLite trail: the broker really runs as a child process and is killed with SIGKILL mid-way.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/corpus.js';
import type { World } from './helpers.js';
import { apiEvent, closeWorld, idOf, openTempWorld } from './helpers.js';

const PHIGUARD = path.join(REPO_ROOT, 'bin', 'phiguard.js');

interface JsonFinding { control: string; message: string }

describe('phiguard access: crash repair and break-glass (SQLite trail, fake API)', () => {
  let w: World;
  before(async () => {
    w = await openTempWorld();
  });
  after(() => closeWorld(w));

  it('repairs a grant binding left without a record when the broker is killed between create and record', async () => {
    const id = idOf(await w.access('alice', ['request', '--clusterrole', 'view', '--namespace', 'clinic', '--for', '1h', '--reason', 'crash test']));
    const child = spawn(process.execPath, [PHIGUARD, 'access', 'approve', id, '--kubeconfig', w.kubeconfig('bob'), '--config', w.config, '--store', w.store], {
      cwd: w.dir, env: { ...process.env, PHIGUARD_ACCESS_TEST_PAUSE_AFTER_CREATE: '120000' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (stderr.includes('binding created, waiting')) resolve();
      });
      child.on('exit', () => reject(new Error(`the broker exited before the pause: ${stderr}`)));
    });
    assert.equal(w.grantBindings().length, 1, 'the binding was created before the kill');
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    const listed = await w.access('admin', ['list', '--format', 'json']);
    assert.equal((JSON.parse(listed.stdout) as { id: string; status: string }[]).find((s) => s.id === id)?.status, 'approved', 'no granted record was written');
    // Within the grace period another broker could still be mid-way: left alone.
    const young = await w.access('broker', ['reconcile']);
    assert.match(young.stdout, /nothing to reconcile/);
    assert.equal(w.grantBindings().length, 1);
    const rec = await w.access('broker', ['reconcile', '--grace', '0s']);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stdout, new RegExp(`REPAIRED ${id} \\(RoleBinding clinic/phiguard-access-${id}\\): a grant binding was created but its granted record is missing`));
    assert.equal(w.grantBindings().length, 0, 'nothing is left granted without a record');
    const all = JSON.parse((await w.access('admin', ['list', '--all', '--format', 'json'])).stdout) as { id: string; status: string }[];
    assert.equal(all.find((s) => s.id === id)?.status, 'repaired');
    const again = await w.access('broker', ['reconcile', '--grace', '0s']);
    assert.match(again.stdout, /nothing to reconcile/, 'the repair is done once');
  });

  it('removes a binding labelled as a grant that has no record at all', async () => {
    const orphan = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
      metadata: { name: 'phiguard-access-0000000000', namespace: 'clinic', labels: { 'phiguard.dev/access-grant': '0000000000' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'mallory' }],
    };
    assert.equal((await w.adminCall('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/clinic/rolebindings', orphan)).status, 201);
    const rec = await w.access('broker', ['reconcile', '--grace', '0s']);
    assert.match(rec.stdout, /REPAIRED 0000000000 .*no access record at all/);
    assert.equal(w.grantBindings().length, 0);
  });

  it('breaks glass at once for the on-call group only, capped at the fixed maximum, and needs a review (HK-AL-006)', async () => {
    const refused = await w.access('dave', ['break-glass', '--namespace', 'clinic', '--reason', 'curious']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /dave may not break glass: not among access\.breakGlass\.users or the members of access\.breakGlass\.groups/);
    const wrongRole = await w.access('carol', ['break-glass', '--namespace', 'clinic', '--reason', 'outage', '--clusterrole', 'cluster-admin']);
    assert.equal(wrongRole.code, 1);
    assert.match(wrongRole.stderr, /ClusterRole cluster-admin may not be given by break-glass/);
    assert.equal(w.grantBindings().length, 0);

    const bg = await w.access('carol', ['break-glass', '--namespace', 'clinic', '--reason', 'EHR down, INC-9']);
    assert.equal(bg.code, 0, bg.stderr);
    const id = idOf(bg);
    assert.match(bg.stderr, /BREAK-GLASS .*carol has ClusterRole admin in clinic until .*no approver/);
    const [b] = w.grantBindings();
    assert.ok(b);
    const meta = b['metadata'] as { labels: Record<string, string>; annotations: Record<string, string> };
    assert.equal(meta.labels['phiguard.dev/break-glass'], 'true');
    const span = Date.parse(meta.annotations['phiguard.dev/expires'] ?? '') - Date.parse(meta.annotations['phiguard.dev/granted-at'] ?? '');
    assert.equal(span, 30 * 60_000, 'the grant lasts exactly access.breakGlass.maxDuration');

    // What carol did with it, as the API server logged it, and one request by someone else.
    const log = path.join(w.dir, 'bg.log');
    writeFileSync(log, apiEvent('bg-1', 'carol', 'get', 'secrets', 'clinic', 'ehr-db') + apiEvent('bg-2', 'carol', 'delete', 'pods', 'clinic', 'ehr-0') + apiEvent('other-1', 'alice', 'get', 'pods', 'clinic', 'ehr-1'));
    assert.equal((await w.cli(['audit', 'import', log, '--store', w.store])).code, 0);

    const review = await w.cli(['audit', 'review', '--store', w.store]);
    assert.equal(review.code, 0, review.stderr);
    assert.match(review.stdout, /Break-glass grants \(from the access records\): 1/);
    assert.match(review.stdout, new RegExp(`${id}: carol had ClusterRole admin in clinic from .* reason: EHR down, INC-9; NOT REVIEWED \\(HK-AL-006\\); 2 request\\(s\\) in the window`));
    assert.match(review.stdout, /get secrets ehr-db in clinic -> 200 \(auditID bg-1/);
    assert.match(review.stdout, /delete pods ehr-0 in clinic/);
    assert.doesNotMatch(review.stdout.split('Break-glass grants')[1]?.split('Quarantine')[0] ?? '', /ehr-1/, 'alice\'s request is not in carol\'s window');

    const detect = await w.cli(['audit', 'detect', '--store', w.store, '--format', 'json']);
    const found = JSON.parse(detect.stdout) as { findings: JsonFinding[]; controls: { id: string; status: string }[] };
    assert.ok(found.findings.some((f) => f.control === 'HK-AL-006' && f.message.includes(`break-glass grant ${id}`) && f.message.includes('no post-hoc review')), detect.stdout);
    assert.equal(found.controls.find((c) => c.id === 'HK-AL-006')?.status, 'fail');

    const own = await w.access('carol', ['review', id, '--note', 'all fine']);
    assert.equal(own.code, 1);
    assert.match(own.stderr, /carol used this grant and cannot review it/);
    const reviewed = await w.access('bob', ['review', id, '--note', 'secret read and pod restart match INC-9; credential rotated']);
    assert.equal(reviewed.code, 0, reviewed.stderr);
    const after = await w.cli(['audit', 'detect', '--store', w.store, '--format', 'json']);
    const cleared = (JSON.parse(after.stdout) as { findings: JsonFinding[] }).findings;
    assert.ok(!cleared.some((f) => f.control === 'HK-AL-006' && f.message.includes(id)), 'the reviewed use is no longer raised');
    assert.match((await w.cli(['audit', 'review', '--store', w.store])).stdout, new RegExp(`${id}: .*reviewed by bob at`));
    assert.equal((await w.access('carol', ['revoke', id])).code, 0);
    assert.equal(w.grantBindings().length, 0);
  });
});
