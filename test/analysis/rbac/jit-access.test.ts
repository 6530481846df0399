import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildRbacModel } from '../../../src/analysis/rbac/model.js';
import { parseResourceSpec, whoCan } from '../../../src/analysis/rbac/who-can.js';
import { standingHumanAccess } from '../../../src/analysis/rbac/jit-access.js';
import { REPO_ROOT } from '../../support/corpus.js';
import { runCli } from '../../support/cli.js';
import { inventoryOf } from '../model-input.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const grant = (id: string, user: string, expires: string): string => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: phiguard-access-${id}
  namespace: ehr
  labels: {phiguard.dev/access-grant: ${id}, app.kubernetes.io/managed-by: phiguard-access}
  annotations: {phiguard.dev/requester: ${user}, phiguard.dev/expires: "${expires}"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ehr-operator}
subjects: [{kind: User, name: ${user}, apiGroup: rbac.authorization.k8s.io}]
`;
const CLINIC = ['namespaces.yaml', 'rbac.yaml'].map((f) => readFileSync(path.join(REPO_ROOT, 'examples', 'clinic', f), 'utf8')).join('---\n');

describe('just-in-time access in the RBAC analysis', () => {
  it('who-can tells standing from just-in-time access and flags an expired grant still bound', () => {
    const yaml = CLINIC + grant('r1', 'alice', '2026-12-01T14:00:00Z') + grant('r2', 'bob', '2026-12-01T10:00:00Z');
    const answers = whoCan(buildRbacModel(inventoryOf(yaml)), parseResourceSpec('get', 'secrets'), 'ehr', NOW);
    assert.deepEqual(answers.map((a) => `${a.subject} ${a.access} ${a.grant?.requestId ?? '-'} ${a.grant?.state ?? '-'}`), [
      'Group oidc:clinic-operators standing - -', 'ServiceAccount ops/deployer standing - -', 'User alice jit r1 active', 'User bob jit r2 expired',
    ]);
    assert.equal(answers[2]?.grant?.requester, 'alice');
  });

  it('counts standing human access to PHI Secrets/exec: the clinic operators group, not the deployer ServiceAccount nor an active grant', () => {
    const inv = inventoryOf(CLINIC + grant('r1', 'alice', '2026-12-01T14:00:00Z') + grant('r2', 'bob', '2026-12-01T10:00:00Z'));
    const s = standingHumanAccess(buildRbacModel(inv), inv, NOW);
    assert.deepEqual(s.subjects, ['Group oidc:clinic-operators', 'User bob'], 'an expired grant still bound is standing');
    assert.equal(s.count, 2);
    const later = standingHumanAccess(buildRbacModel(inv), inv, Date.parse('2026-12-01T15:00:00Z'));
    assert.equal(later.count, 3);
  });

  it('access matrix prints the number and gives it in JSON', async () => {
    const r = await runCli(['access', 'matrix', '-f', 'json', path.join(REPO_ROOT, 'examples', 'clinic')]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { standingHumanAccess: { count: number; subjects: string[] } };
    assert.deepEqual(out.standingHumanAccess.subjects, ['Group oidc:clinic-operators']);
    const text = await runCli(['access', 'matrix', path.join(REPO_ROOT, 'examples', 'clinic')]);
    assert.match(text.stdout, /^Standing human access to PHI Secrets\/exec: 1 \(Group oidc:clinic-operators\)/);
  });
});
