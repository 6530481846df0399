import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/core/config.js';
import { evaluateTexts } from '../../../src/scan/evaluate-texts.js';
import { findingsOf, ruleTester } from '../../support/rule-tester.js';
import { cronIntervalHours } from '../../../src/rules/live/cron-interval.js';
import kubernetesVersionSupported from '../../../src/rules/live/kubernetes-version-supported.js';
import recentSuccessfulBackup from '../../../src/rules/live/recent-successful-backup.js';
import restoreTested from '../../../src/rules/live/restore-tested.js';
import vulnerabilityScanEvidence from '../../../src/rules/live/vulnerability-scan-evidence.js';
import cniEnforcesNetworkpolicy from '../../../src/rules/live/cni-enforces-networkpolicy.js';
import webhooksFailClosed from '../../../src/rules/live/webhooks-fail-closed.js';
import bindingsMissingServiceaccounts from '../../../src/rules/live/bindings-missing-serviceaccounts.js';
import credentialsStoredInCluster from '../../../src/rules/live/credentials-stored-in-cluster.js';
import auditBackendReliability from '../../../src/rules/controlplane/audit-backend-reliability.js';

const scan = (status: string): string => `apiVersion: phiguard.dev/v1alpha1\nkind: ClusterScan\nmetadata:\n  name: prod\nstatus:\n${status}`;

ruleTester(kubernetesVersionSupported, {
  valid: [
    { name: 'a maintained release', yaml: scan('  version:\n    gitVersion: v1.35.0\n') },
    { name: 'a release newer than the table', yaml: scan('  version:\n    gitVersion: v1.37.0\n') },
    { name: 'an ended release on a managed provider (extended support)', yaml: scan('  version:\n    gitVersion: v1.30.4-eks-a1b2\n'), config: { provider: 'eks' } },
  ],
  invalid: [
    { name: 'support ended before the scan', yaml: scan('  version:\n    gitVersion: v1.31.9\n'), errors: [{ messageId: 'ended', contains: '2025-10-28' }] },
    { name: 'older than every release listed', yaml: scan('  version:\n    gitVersion: v1.19.16\n'), errors: [{ messageId: 'ancient' }] },
    { name: '--kubernetes-version without a cluster read', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n', config: { kubernetesVersion: '1.29' }, errors: [{ messageId: 'ended' }] },
  ],
});

describe('HK-IN-010 without a version', () => {
  it('is not evaluated, saying what it needs', () => {
    const r = evaluateTexts([{ file: 'a.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' }], [kubernetesVersionSupported], { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' });
    const c = r.controls.find((x) => x.id === 'HK-IN-010');
    assert.equal(c?.status, 'not-evaluated');
    assert.match(c.reason ?? '', /--cluster reads \/version/);
  });
});

const schedule = (status: string): string => `apiVersion: velero.io/v1\nkind: Schedule\nmetadata:\n  name: nightly\n  namespace: velero\nspec:\n  schedule: "0 2 * * *"\n${status}`;
const backup = (name: string, phase: string, at: string): string =>
  `---\napiVersion: velero.io/v1\nkind: Backup\nmetadata:\n  name: ${name}\n  namespace: velero\n  labels:\n    velero.io/schedule-name: nightly\nstatus:\n  phase: ${phase}\n  startTimestamp: "${at}"\n  completionTimestamp: "${at}"\n`;

ruleTester(recentSuccessfulBackup, {
  valid: [
    { name: 'a schedule manifest without status is not judged', yaml: schedule('') },
    { name: 'an older failure followed by a success', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Failed', '2026-10-30T02:00:00Z') + backup('b2', 'Completed', '2026-10-31T02:00:00Z') },
  ],
  invalid: [
    { name: 'the newest backup failed', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-30T02:00:00Z') + backup('b2', 'Failed', '2026-10-31T02:00:00Z'), errors: [{ messageId: 'failed', resource: 'b2' }] },
    { name: 'the last success is older than twice the interval', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-25T02:00:00Z'), errors: [{ messageId: 'stale', resource: 'nightly' }] },
    { name: 'an enabled schedule that never completed a backup', yaml: schedule('status:\n  phase: Enabled\n'), errors: [{ messageId: 'never' }] },
    { name: 'status says a backup ran but none completed', yaml: schedule('status:\n  phase: Enabled\n  lastBackup: "2026-10-20T02:00:00Z"\n'), errors: [{ messageId: 'stale' }] },
  ],
});

describe('cron intervals', () => {
  it('reads the usual Velero schedules', () => {
    assert.equal(cronIntervalHours('0 2 * * *'), 24);
    assert.equal(cronIntervalHours('0 */6 * * *'), 6);
    assert.equal(cronIntervalHours('0 1 * * 0'), 168);
    assert.equal(cronIntervalHours('@every 12h'), 12);
    assert.equal(cronIntervalHours('@daily'), 24);
    assert.equal(cronIntervalHours('nonsense'), undefined);
  });
});

const restore = (at: string): string => `---\napiVersion: velero.io/v1\nkind: Restore\nmetadata:\n  name: drill\n  namespace: velero\nstatus:\n  phase: Completed\n  completionTimestamp: "${at}"\n`;

ruleTester(restoreTested, {
  valid: [
    { name: 'a restore drill within 180 days', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-31T02:00:00Z') + restore('2026-06-01T00:00:00Z') },
    { name: 'schedule manifests alone say nothing about restores', yaml: schedule('') },
  ],
  invalid: [
    { name: 'no restore ever', yaml: schedule('status:\n  phase: Enabled\n') + backup('b1', 'Completed', '2026-10-31T02:00:00Z'), errors: [{ messageId: 'untested', resource: 'nightly' }] },
    { name: 'the last restore is too old', yaml: schedule('status:\n  phase: Enabled\n') + restore('2025-01-01T00:00:00Z'), errors: [{ messageId: 'untested', contains: '2025-01-01' }] },
  ],
});

const phiDeploy = (name: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ehr\n  labels:\n    phiguard.dev/scope: phi\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ehr\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: r.example/app:1\n`;
const vulnReport = (kind: string, name: string, critical: number): string =>
  `---\napiVersion: aquasecurity.github.io/v1alpha1\nkind: VulnerabilityReport\nmetadata:\n  name: r-${name}\n  namespace: ehr\n  labels:\n    trivy-operator.resource.kind: ${kind}\n    trivy-operator.resource.name: ${name}\n    trivy-operator.resource.namespace: ehr\nreport:\n  artifact:\n    repository: app\n    tag: "1"\n  summary:\n    criticalCount: ${critical}\n`;

ruleTester(vulnerabilityScanEvidence, {
  valid: [
    { name: 'a clean report through the ReplicaSet', yaml: phiDeploy('api') + vulnReport('ReplicaSet', 'api-5d8f9c7b6', 0) },
    { name: 'files without any report are not judged', yaml: phiDeploy('api') },
  ],
  invalid: [
    { name: 'a PHI workload without a report', yaml: phiDeploy('api') + vulnReport('ReplicaSet', 'other-5d8f9c7b6', 0), errors: [{ messageId: 'unscanned', resource: 'api' }] },
    { name: 'critical vulnerabilities', yaml: phiDeploy('api') + vulnReport('ReplicaSet', 'api-5d8f9c7b6', 4), errors: [{ messageId: 'critical', contains: '4 critical' }] },
    { name: 'a cluster read where no scanner reports exist', yaml: phiDeploy('api') + '---\n' + scan('  counts:\n    Deployment: 1\n'), errors: [{ messageId: 'noScanner' }] },
  ],
});

const ds = (name: string, image: string, env = ''): string => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ${name}\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: ${image}\n${env}`;

ruleTester(cniEnforcesNetworkpolicy, {
  valid: [
    { name: 'cilium', yaml: ds('cilium', 'quay.io/cilium/cilium:v1.16.3') },
    { name: 'canal next to flannel', yaml: ds('kube-flannel-ds', 'flannel/flannel:v0.26.1') + '---\n' + ds('canal', 'calico/node:v3.29.1') },
    { name: 'EKS VPC CNI with network policy on', yaml: ds('aws-node', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0', '          env:\n            - name: ENABLE_NETWORK_POLICY\n              value: "true"\n') },
  ],
  invalid: [
    { name: 'flannel alone', yaml: ds('kube-flannel-ds', 'docker.io/flannel/flannel:v0.26.1'), errors: [{ messageId: 'unenforced', contains: 'flannel alone' }] },
    { name: 'EKS VPC CNI without the agent', yaml: ds('aws-node', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0'), errors: [{ messageId: 'unenforced', contains: 'network policy agent' }] },
  ],
});

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

const sa = (name: string): string => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ehr\n---\n`;
const rb = (subject: string): string => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n  namespace: ehr\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n  - {kind: ServiceAccount, name: ${subject}, namespace: ehr}\n`;

ruleTester(bindingsMissingServiceaccounts, {
  valid: [
    { name: 'the ServiceAccount exists', yaml: sa('api') + rb('api') },
    { name: 'files without the namespace\'s ServiceAccounts are not judged', yaml: rb('gone') },
    { name: 'a cluster read limited to other namespaces', yaml: rb('gone') + '---\n' + scan('  namespaces: [billing]\n') },
  ],
  invalid: [
    { name: 'a deleted ServiceAccount', yaml: sa('api') + rb('gone'), errors: [{ messageId: 'missing', contains: 'ehr/gone' }] },
    { name: 'a cluster read, where every ServiceAccount was read', yaml: rb('gone') + '---\n' + scan('  counts: {}\n'), errors: [{ messageId: 'missing' }] },
  ],
});

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const saToken = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:ehr:api' })).toString('base64url')}.c2lnbmF0dXJl`;

ruleTester(credentialsStoredInCluster, {
  valid: [
    { name: 'the API\'s own token Secret', yaml: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\n  namespace: ehr\ntype: kubernetes.io/service-account-token\ndata:\n  token: ${b64(saToken)}\n` },
    { name: 'ordinary configuration', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ehr\ndata:\n  mode: production\n' },
  ],
  invalid: [
    { name: 'a ServiceAccount token copied into an Opaque Secret', yaml: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: copied\n  namespace: ehr\ntype: Opaque\ndata:\n  token: ${b64(saToken)}\n`, errors: [{ messageId: 'stored', contains: 'ServiceAccount token' }] },
    { name: 'a kubeconfig with a client key in stringData', yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: kc\n  namespace: ehr\nstringData:\n  config: |\n    apiVersion: v1\n    kind: Config\n    users:\n      - name: u\n        user:\n          client-key-data: LS0tLS1CRUdJTg==\n', errors: [{ messageId: 'stored', contains: 'kubeconfig' }] },
  ],
});

describe('HK-AU-009 from the API server metrics', () => {
  it('flags audit errors the API server counted, and passes none', () => {
    assert.deepEqual(findingsOf(auditBackendReliability, scan('  metrics:\n    readable: true\n    auditErrors: 0\n')), []);
    const found = findingsOf(auditBackendReliability, scan('  metrics:\n    readable: true\n    auditErrors: 17\n'));
    assert.deepEqual(found.map((f) => f.message), ['The API server counted 17 audit errors (apiserver_audit_error_total): audit events were lost on their way to the backend.']);
  });
});

describe('HK-AU-009 when /metrics is forbidden', () => {
  it('is not evaluated, with the RBAC rule that would allow it', () => {
    const r = evaluateTexts([{ file: 'a.yaml', text: scan('  metrics:\n    readable: false\n    reason: \'forbidden: allow {nonResourceURLs: ["/metrics"], verbs: ["get"]}\'\n') }], [auditBackendReliability], { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' });
    const c = r.controls.find((x) => x.id === 'HK-AU-009');
    assert.equal(c?.status, 'not-evaluated');
    assert.match(c.reason ?? '', /nonResourceURLs/);
  });
});
