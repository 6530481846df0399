import { ruleTester } from '../../support/rule-tester.js';
import policyEngineEnforcing from '../../../src/rules/cluster/policy-engine-enforcing.js';
import { ns } from './fixtures.js';

ruleTester(policyEngineEnforcing, {
  valid: [
    { name: 'PSA enforce label', yaml: ns('p', 'phi', ', pod-security.kubernetes.io/enforce: restricted') },
    { name: 'Gatekeeper deny', yaml: ns('p') + 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sPSPPrivilegedContainer\nmetadata: {name: no-priv}\nspec: {match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}}\n' },
  ],
  invalid: [
    { name: 'nothing enforces', yaml: ns('p') + 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: audit-only}\nspec:\n  validationFailureAction: Audit\n  rules: [{name: r, validate: {message: m, pattern: {}}}]\n', errors: [{ messageId: 'none' }] },
    {
      name: 'fail-open webhook that skips PHI',
      yaml: ns('p', 'phi', ', pod-security.kubernetes.io/enforce: restricted') + 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: kyverno-resource-validating-webhook-cfg}\nwebhooks:\n- name: validate.kyverno.svc\n  failurePolicy: Ignore\n  namespaceSelector: {matchExpressions: [{key: phiguard.dev/scope, operator: NotIn, values: [phi]}]}\n',
      errors: [{ messageId: 'failOpen', fix: true }, { messageId: 'exempts', contains: 'p' }],
    },
  ],
});
