import { ruleTester } from '../../support/rule-tester.js';
import rbacWildcards from '../../../src/rules/cluster/rbac-wildcards.js';
import clusterAdminBinding from '../../../src/rules/cluster/cluster-admin-binding.js';
import secretReadAccess from '../../../src/rules/cluster/secret-read-access.js';
import interactivePodAccess from '../../../src/rules/cluster/interactive-pod-access.js';
import rbacEscalationVerbs from '../../../src/rules/cluster/rbac-escalation-verbs.js';
import nodesProxyAccess from '../../../src/rules/cluster/nodes-proxy-access.js';
import workloadCreationRights from '../../../src/rules/cluster/workload-creation-rights.js';
import sensitiveGrants from '../../../src/rules/cluster/sensitive-grants.js';
import anonymousBindings from '../../../src/rules/cluster/anonymous-bindings.js';

const role = (name: string, rules: string, extra = ''): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}${extra}
rules:
${rules}
`;
const crb = (name: string, roleName: string, subject: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName}}
subjects:
- ${subject}
`;
const rb = (name: string, ns: string, kind: string, roleName: string, subject: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${ns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${roleName}}
subjects:
- ${subject}
`;
const PHI_NS = `apiVersion: v1
kind: Namespace
metadata:
  name: patients
  labels: {phiguard.dev/scope: phi}
---
apiVersion: v1
kind: Namespace
metadata:
  name: web
  labels: {phiguard.dev/scope: none}
`;

ruleTester(rbacWildcards, {
  valid: [
    { name: 'explicit rule', yaml: role('reader', '- {apiGroups: [""], resources: [pods], verbs: [get]}') + '---\n' + crb('r', 'reader', '{kind: User, name: alice}') },
    { name: 'built-in admin wildcard', yaml: role('admin', '- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}') + '---\n' + crb('r', 'admin', '{kind: User, name: alice}') },
    { name: 'bound only to a platform identity', yaml: role('ctl', '- {apiGroups: ["*"], resources: [leases], verbs: [get]}') + '---\n' + crb('system:ctl', 'ctl', '{kind: User, name: system:kube-scheduler}') },
  ],
  invalid: [
    {
      name: 'full wildcard bound to a user is critical',
      yaml: role('god', '- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}') + '---\n' + crb('g', 'god', '{kind: User, name: alice}'),
      errors: [{ messageId: 'wildcard', severity: 'critical', line: 6, path: '/rules/0/verbs', contains: 'User alice' }],
    },
    {
      name: 'wildcard verbs on one resource, high',
      yaml: role('pods-all', '- {apiGroups: [""], resources: [pods], verbs: ["*"]}') + '---\n' + crb('p', 'pods-all', '{kind: Group, name: devs}'),
      errors: [{ messageId: 'wildcard', severity: 'high', contains: 'verbs' }],
    },
    {
      name: 'unbound wildcard role is a latent low finding',
      yaml: role('spare', '- {apiGroups: [apps], resources: ["*"], verbs: [get]}'),
      errors: [{ messageId: 'unbound', severity: 'low', path: '/rules/0/resources' }],
    },
  ],
});

ruleTester(clusterAdminBinding, {
  valid: [
    { name: 'system:masters', yaml: crb('cluster-admin', 'cluster-admin', '{kind: Group, name: system:masters}') },
    { name: 'labelled break-glass', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: emergency}').replace('name: bg', 'name: bg\n  labels: {phiguard.dev/break-glass: "true"}') },
    { name: 'explicit verbs', yaml: role('r', '- {apiGroups: ["*"], resources: ["*"], verbs: [get, list]}') + '---\n' + crb('b', 'r', '{kind: User, name: bob}') },
  ],
  invalid: [
    {
      name: 'built-in cluster-admin to a ServiceAccount (role not in input)',
      yaml: crb('ci', 'cluster-admin', '{kind: ServiceAccount, name: deployer, namespace: ci}'),
      errors: [{ messageId: 'admin', severity: 'critical', path: '/subjects/0', line: 7, contains: 'ServiceAccount ci/deployer' }],
    },
    {
      name: 'admin-equivalent through aggregation, in a RoleBinding',
      yaml: role('agg', '  []', '\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {x: "y"}}]') + '---\n' +
        role('part', '- {apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch, create, update, patch, delete]}', '\n  labels: {x: "y"}') + '---\n' +
        rb('rb', 'patients', 'ClusterRole', 'agg', '{kind: User, name: carol}'),
      errors: [{ messageId: 'admin', contains: 'aggregated into ClusterRole "agg"' }],
    },
  ],
});

ruleTester(secretReadAccess, {
  valid: [
    { name: 'no secret access', yaml: role('r', '- {apiGroups: [""], resources: [configmaps], verbs: [get]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}') },
    { name: 'allow-listed reader', config: { secretReaders: ['ServiceAccount:vault/vault'] },
      yaml: role('r', '- {apiGroups: [""], resources: [secrets], verbs: [get]}') + '---\n' + crb('b', 'r', '{kind: ServiceAccount, name: vault, namespace: vault}') },
    { name: 'view does not read secrets', yaml: crb('b', 'view', '{kind: Group, name: all}') },
    {
      name: 'a get limited by resourceNames to its own Secret is the remediation',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: one, namespace: patients}\nrules:\n- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [db]}\n---\n` + rb('b', 'patients', 'Role', 'one', '{kind: ServiceAccount, name: app, namespace: patients}'),
    },
  ],
  invalid: [
    {
      name: 'list secrets cluster-wide',
      yaml: role('r', '- {apiGroups: [""], resources: [secrets], verbs: [list]}') + '---\n' + crb('b', 'r', '{kind: User, name: eve}'),
      errors: [{ messageId: 'granted', severity: 'high', contains: 'list secrets in all namespaces through ClusterRole "r" rules[0]' }],
    },
    {
      name: 'edit in a non-PHI namespace is lowered, in PHI stays high',
      yaml: PHI_NS + '---\n' + rb('a', 'web', 'ClusterRole', 'edit', '{kind: Group, name: web}') + '---\n' + rb('b', 'patients', 'ClusterRole', 'edit', '{kind: Group, name: clin}'),
      errors: [{ messageId: 'granted', severity: 'medium', resource: 'a' }, { messageId: 'granted', severity: 'high', resource: 'b', contains: 'built-in ClusterRole "system:aggregate-to-edit", aggregated into ClusterRole "edit"' }],
    },
    {
      name: 'a get limited by resourceNames next to an unrestricted list: only the list is reported',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: one, namespace: patients}\nrules:\n- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [db]}\n- {apiGroups: [""], resources: [secrets], verbs: [list]}\n---\n` + rb('b', 'patients', 'Role', 'one', '{kind: ServiceAccount, name: app, namespace: patients}'),
      errors: [{ messageId: 'granted', contains: 'list secrets in namespace "patients" through Role "one" rules[1]' }],
    },
    {
      name: 'unbound secret reader',
      yaml: role('r', '- {apiGroups: [""], resources: [secrets], verbs: [watch]}'),
      errors: [{ messageId: 'unbound', severity: 'low' }],
    },
  ],
});

ruleTester(interactivePodAccess, {
  valid: [
    { name: 'exec outside PHI scope', yaml: PHI_NS + '---\n' + rb('a', 'web', 'ClusterRole', 'edit', '{kind: Group, name: web}') },
    { name: 'list pods/exec is not exec', yaml: role('r', '- {apiGroups: [""], resources: [pods/exec], verbs: [list]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}') },
  ],
  invalid: [
    {
      name: 'get pods/exec through apiGroup wildcard',
      yaml: role('r', '- {apiGroups: ["*"], resources: [pods/exec], verbs: [get]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', path: '/roleRef/name', contains: 'get pods/exec' }],
    },
    { name: 'unbound role', yaml: role('r', '- {apiGroups: [""], resources: [pods/attach], verbs: [create]}'), errors: [{ messageId: 'unbound' }] },
  ],
});

ruleTester(rbacEscalationVerbs, {
  valid: [
    { name: 'create bindings without bind', yaml: role('r', '- {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}') },
  ],
  invalid: [
    {
      name: 'impersonate users',
      yaml: role('r', '- {apiGroups: [""], resources: [users], verbs: [impersonate]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', severity: 'critical', contains: 'impersonate users' }],
    },
    {
      name: 'create bindings together with bind',
      yaml: role('r', '- {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings, clusterroles], verbs: [create, bind]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', contains: 'create rolebindings' }],
    },
    { name: 'unbound escalate', yaml: role('r', '- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}'), errors: [{ messageId: 'unbound' }] },
  ],
});

ruleTester(nodesProxyAccess, {
  valid: [{ name: 'nodes get', yaml: role('r', '- {apiGroups: [""], resources: [nodes], verbs: [get]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}') }],
  invalid: [
    { name: 'nodes/proxy', yaml: role('r', '- {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}'), errors: [{ messageId: 'granted', contains: 'get nodes/proxy' }] },
    { name: 'unbound', yaml: role('r', '- {apiGroups: [""], resources: ["*/proxy"], verbs: [get]}'), errors: [{ messageId: 'unbound' }] },
  ],
});

ruleTester(workloadCreationRights, {
  valid: [{ name: 'outside PHI', yaml: PHI_NS + '---\n' + rb('a', 'web', 'ClusterRole', 'edit', '{kind: Group, name: web}') }],
  invalid: [
    { name: 'edit in PHI', yaml: PHI_NS + '---\n' + rb('a', 'patients', 'ClusterRole', 'edit', '{kind: Group, name: clin}'), errors: [{ messageId: 'granted', contains: 'create pods' }] },
    { name: 'unbound', yaml: role('r', '- {apiGroups: [batch], resources: [cronjobs], verbs: [create]}'), errors: [{ messageId: 'unbound' }] },
  ],
});

ruleTester(sensitiveGrants, {
  valid: [{ name: 'view', yaml: crb('b', 'view', '{kind: User, name: a}') }],
  invalid: [
    {
      name: 'webhooks and PVs',
      yaml: role('r', '- {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [patch]}\n- {apiGroups: [""], resources: [persistentvolumes], verbs: [create]}') + '---\n' + crb('b', 'r', '{kind: User, name: a}'),
      errors: [{ messageId: 'granted', contains: 'patch validatingwebhookconfigurations, create persistentvolumes' }],
    },
    { name: 'unbound token creator', yaml: role('r', '- {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}'), errors: [{ messageId: 'unbound' }] },
  ],
});

ruleTester(anonymousBindings, {
  valid: [
    { name: 'public info viewer', yaml: crb('system:public-info-viewer', 'system:public-info-viewer', '{kind: Group, name: system:unauthenticated}') },
    { name: 'discovery for authenticated', yaml: crb('system:discovery', 'system:discovery', '{kind: Group, name: system:authenticated}') },
  ],
  invalid: [
    { name: 'anonymous user', yaml: crb('anon', 'view', '{kind: User, name: system:anonymous}'), errors: [{ messageId: 'anonymous', severity: 'critical', path: '/subjects/0' }] },
    { name: 'all authenticated', yaml: crb('auth', 'edit', '{kind: Group, name: system:authenticated}'), errors: [{ messageId: 'authenticated', severity: 'high' }] },
  ],
});
