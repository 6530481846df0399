import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

describe('phiguard generate', () => {
  it('audit-policy takes PHI namespaces from --phi-namespace and from labelled Namespaces in the given paths', async () => {
    const r = await runCli(['generate', 'audit-policy', '--phi-namespace', 'claims', '--break-glass-group', 'oncall-bg', 'test/fixtures/controlplane/hardened/cluster']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /namespaces: \["claims", "patients"\]/);
    assert.match(r.stdout, /userGroups: \["oncall-bg"\]/);
    assert.match(r.stdout, /^kind: Policy$/m);
  });
  it('encryption-config writes KMS v2 first', async () => {
    const r = await runCli(['generate', 'encryption-config']);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.indexOf('apiVersion: v2') < r.stdout.indexOf('identity: {}'));
  });
  it('an unknown target is a usage error', async () => {
    const r = await runCli(['generate', 'nonsense']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /use audit-policy, encryption-config, webhook, scanner, admission-policies, baseline, ingress-tls or access-broker/);
  });
});
