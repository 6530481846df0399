import { ruleTester } from '../../support/rule-tester.js';
import webhooksFailClosed from '../../../src/rules/live/webhooks-fail-closed.js';

const phiNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ehr\n  labels:\n    phiguard.dev/scope: phi\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n  labels:\n    phiguard.dev/scope: none\n---\n';
const vwc = (name: string, hooks: string): string => `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: ${name}\nwebhooks:\n${hooks}`;
const hook = (name: string, policy: string, selector = ''): string => `  - name: ${name}\n    failurePolicy: ${policy}\n    clientConfig:\n      service: {name: s, namespace: kyverno}\n${selector}`;

ruleTester(webhooksFailClosed, {
  valid: [
    { name: 'a non-security webhook that ignores failures', yaml: phiNs + vwc('cert-manager-webhook', '  - name: webhook.cert-manager.io\n    failurePolicy: Ignore\n    clientConfig:\n      service: {name: s, namespace: cert-manager}\n') },
    { name: 'phiguard style: Fail for PHI, Ignore elsewhere', yaml: phiNs + vwc('phiguard', hook('phi.phiguard.dev', 'Fail', '    namespaceSelector:\n      matchLabels: {phiguard.dev/scope: phi}\n') + hook('rest.phiguard.dev', 'Ignore', '    namespaceSelector:\n      matchExpressions:\n        - {key: phiguard.dev/scope, operator: NotIn, values: [phi]}\n')) },
  ],
  invalid: [
    { name: 'Kyverno failing open everywhere', yaml: phiNs + vwc('kyverno-resource-validating-webhook-cfg', hook('validate.kyverno.svc-fail', 'Ignore')), errors: [{ messageId: 'failOpen', fix: true }] },
    { name: 'a selector that exempts the PHI namespace', yaml: phiNs + vwc('gatekeeper-validating-webhook-configuration', hook('validation.gatekeeper.sh', 'Fail', '    namespaceSelector:\n      matchExpressions:\n        - {key: kubernetes.io/metadata.name, operator: NotIn, values: [ehr]}\n')), errors: [{ messageId: 'exempt', contains: 'ehr' }] },
  ],
});
