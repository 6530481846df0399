import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRbacModel } from '../../src/analysis/rbac/model.js';
import { parseResourceSpec, whoCan } from '../../src/analysis/rbac/who-can.js';
import { accessMatrix } from '../../src/analysis/rbac/access-matrix.js';
import { ruleAllows } from '../../src/analysis/rbac/rule-match.js';
import type { CapabilityId } from '../../src/analysis/rbac/capabilities.js';
import { CAPABILITIES, capabilityIndex } from '../../src/analysis/rbac/capabilities.js';
import { inventoryOf } from './model-input.js';

const who = (yaml: string, verb: string, res: string, ns?: string): string[] =>
  whoCan(buildRbacModel(inventoryOf(yaml)), parseResourceSpec(verb, res), ns, 0).map((a) => `${a.subject} @ ${a.where}`);

describe('RBAC model', () => {
  it('resolves aggregated ClusterRoles through their label selectors', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {example.com/aggregate-to-monitoring: "true"}
  - matchExpressions: [{key: team, operator: In, values: [obs]}]
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: read-secrets, labels: {example.com/aggregate-to-monitoring: "true"}}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: exec, labels: {team: obs}}
rules: [{apiGroups: [""], resources: [pods/exec], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: unrelated, labels: {team: other}}
rules: [{apiGroups: [""], resources: [nodes], verbs: [delete]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: mon}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
subjects: [{kind: ServiceAccount, name: prom, namespace: monitoring}]
`;
    assert.deepEqual(who(yaml, 'get', 'secrets', 'phi'), ['ServiceAccount monitoring/prom @ cluster-wide']);
    assert.deepEqual(who(yaml, 'create', 'pods/exec'), ['ServiceAccount monitoring/prom @ cluster-wide']);
    assert.deepEqual(who(yaml, 'delete', 'nodes'), []);
    const model = buildRbacModel(inventoryOf(yaml));
    const paths = model.whoCan(parseResourceSpec('get', 'secrets'));
    assert.equal(paths[0]?.rule.holder.name, 'read-secrets', 'the path names the role that holds the rule');
  });

  it('scopes a ClusterRole referenced by a RoleBinding to the binding namespace', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: billing}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
`;
    assert.deepEqual(who(yaml, 'get', 'secrets', 'billing'), ['User alice @ namespace billing']);
    assert.deepEqual(who(yaml, 'get', 'secrets', 'patients'), []);
    assert.deepEqual(who(yaml, 'list', 'secrets', '*'), [], 'not cluster-wide');
  });

  it('supplies built-in roles when referenced but absent, and resolves their aggregation', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs, namespace: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewers, namespace: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, name: viewers, apiGroup: rbac.authorization.k8s.io}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: admins, namespace: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects: [{kind: Group, name: leads, apiGroup: rbac.authorization.k8s.io}]
`;
    assert.deepEqual(who(yaml, 'create', 'pods/exec', 'app'), ['Group devs @ namespace app', 'Group leads @ namespace app']);
    assert.deepEqual(who(yaml, 'get', 'secrets', 'app'), ['Group devs @ namespace app', 'Group leads @ namespace app'], 'view cannot read secrets');
    assert.deepEqual(who(yaml, 'list', 'pods', 'app'), ['Group devs @ namespace app', 'Group leads @ namespace app', 'Group viewers @ namespace app']);
    assert.deepEqual(who(yaml, 'create', 'rolebindings', 'app'), ['Group leads @ namespace app'], 'only admin manages RBAC');
  });

  it('matches subresources exactly, */sub, and resourceNames', () => {
    const rule = { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [], nonResourceURLs: [] };
    assert.equal(ruleAllows(rule, { verb: 'get', group: '', resource: 'pods', subresource: 'exec' }), false, 'pods does not cover pods/exec');
    assert.equal(ruleAllows({ ...rule, resources: ['*/exec'] }, { verb: 'get', group: '', resource: 'pods', subresource: 'exec' }), 'all');
    const named = { ...rule, resources: ['secrets'], resourceNames: ['db-creds'] };
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets' }), 'names');
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets', name: 'db-creds' }), 'all');
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets', name: 'other' }), false);
    assert.equal(ruleAllows({ ...named, verbs: ['list'] }, { verb: 'list', group: '', resource: 'secrets' }), false, 'list is never name-restricted');
    assert.equal(ruleAllows({ ...rule, apiGroups: ['apps'] }, { verb: 'get', group: '', resource: 'pods' }), false, 'group must match');
    assert.equal(ruleAllows({ ...rule, verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verb: 'delete', group: 'x.io', resource: 'foos' }), 'all');
  });

  it('finds every capability hit that ruleAllows gives, whatever the spelling of resources', () => {
    const spellings = ['*', '*/exec', '*/token', 'pods', 'pods/exec', 'pods/*', 'secrets', 'serviceaccounts/token', 'nodes/proxy',
      'roles', 'clusterrolebindings', 'userextras/*', 'certificatesigningrequests/approval', 'configmaps'];
    const yaml = spellings.map((r, i) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r${i}}
rules: [{apiGroups: ["*"], resources: ["${r}"], verbs: ["*"]}, {apiGroups: [""], resources: ["${r}", configmaps], verbs: [get, create]}]
`).join('---\n');
    const model = buildRbacModel(inventoryOf(yaml));
    const hitsOf = capabilityIndex(model);
    let total = 0;
    for (const role of model.roles.filter((r) => !r.builtin)) {
      for (const cap of Object.keys(CAPABILITIES) as CapabilityId[]) {
        const expected = model.rulesOf(role).flatMap((rule) => CAPABILITIES[cap].requests.filter((q) => ruleAllows(rule.rule, q)).map((q) => `${rule.index} ${q.verb} ${q.resource}/${q.subresource ?? ''}`));
        const got = hitsOf(role, cap).map((h) => `${h.rule.index} ${h.request.verb} ${h.request.resource}/${h.request.subresource ?? ''}`);
        assert.deepEqual(got, expected, `${role.name} ${cap}`);
        total += got.length;
      }
    }
    assert.ok(total > 100, `the spellings grant something (${total} hits)`);
  });

  it('ignores a ClusterRoleBinding that references a Role, and a Role of another namespace', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: invalid}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: mallory}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: other-ns, namespace: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: bob}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: same-ns, namespace: a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: ServiceAccount, name: app}]
`;
    assert.deepEqual(who(yaml, 'get', 'secrets'), ['ServiceAccount a/app @ namespace a'], 'SA namespace defaults to the binding namespace');
  });

  it('builds the access matrix over PHI namespaces only', () => {
    const yaml = `
apiVersion: v1
kind: Namespace
metadata: {name: patients, labels: {phiguard.dev/scope: phi}}
---
apiVersion: v1
kind: Namespace
metadata: {name: web}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, name: ops}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-devs, namespace: web}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: web-devs}]
`;
    const inv = inventoryOf(yaml);
    const m = accessMatrix(buildRbacModel(inv), inv);
    assert.deepEqual(m.namespaces, ['patients']);
    assert.deepEqual(m.subjects, ['Group ops']);
    assert.deepEqual(m.cells.map((c) => c.capability), ['read-secrets', 'exec', 'create-workloads', 'change-rbac', 'impersonate']);
  });

  it('rejects a malformed resource spec with a clear error', () => {
    assert.throws(() => parseResourceSpec('get', 'pods exec'), /not a resource/);
    assert.deepEqual(parseResourceSpec('create', 'deployments.apps'), { verb: 'create', group: 'apps', resource: 'deployments' });
  });
});
