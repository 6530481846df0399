import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanConfig } from '../../src/core/config.js';
import { fixtureInputs, scan } from './fixture-scan.js';

interface Variant {
  readonly control: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** Substring of the finding's message. */
  readonly says: string;
  /** The finding's line is the line of this text in the changed file (default: the line of `to`). */
  readonly at?: string;
  readonly config?: Partial<ScanConfig>;
}

const API = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const ETCD = '/etc/kubernetes/manifests/etcd.yaml';
const KCM = '/etc/kubernetes/manifests/kube-controller-manager.yaml';
const KUBELET = '/var/lib/kubelet/config.yaml';
const ENC = '/etc/kubernetes/enc/encryption-config.yaml';
const AUDIT = '/etc/kubernetes/audit/audit-policy.yaml';
const ADM = '/etc/kubernetes/admission/admission-config.yaml';
const AUTHN = '/etc/kubernetes/authn/authentication-config.yaml';

/** Each variant changes one thing in the hardened set and must raise its control on the changed line. */
const VARIANTS: readonly Variant[] = [
  { control: 'HK-AC-015', file: API, from: '--authorization-mode=Node,RBAC', to: '--authorization-mode=AlwaysAllow', says: 'authorizes every request' },
  { control: 'HK-AC-015', file: API, from: '--authorization-mode=Node,RBAC', to: '--authorization-mode=RBAC', says: 'lacks Node' },
  { control: 'HK-AC-016', file: KUBELET, from: 'mode: Webhook', to: 'mode: AlwaysAllow', says: 'authorization.mode: AlwaysAllow' },
  { control: 'HK-AC-017', file: API, from: '--enable-admission-plugins=NodeRestriction,EventRateLimit', to: '--enable-admission-plugins=EventRateLimit,AlwaysAdmit', says: 'AlwaysAdmit' },
  { control: 'HK-ID-001', file: AUTHN, from: '    - path: /readyz\n', to: '    - path: /api\n', says: 'for /livez, /api, /healthz', at: 'anonymous:' },
  { control: 'HK-ID-002', file: API, from: '--profiling=false', to: '--token-auth-file=/etc/kubernetes/tokens.csv', says: 'static bearer tokens' },
  { control: 'HK-ID-007', file: KUBELET, from: 'readOnlyPort: 0', to: 'readOnlyPort: 10255', says: 'read-only port' },
  { control: 'HK-ID-008', file: ETCD, from: '--client-cert-auth=true', to: '--client-cert-auth=false', says: 'does not require client certificates' },
  { control: 'HK-ID-008', file: ETCD, from: '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', to: '--trusted-ca-file=/etc/kubernetes/pki/ca.crt', says: 'trusts the cluster CA' },
  { control: 'HK-ID-010', file: API, from: '--service-account-lookup=true', to: '--service-account-lookup=false', says: 'deleted service accounts' },
  { control: 'HK-ID-010', file: KCM, from: '--use-service-account-credentials=true', to: '--use-service-account-credentials=false', says: 'its own identity' },
  { control: 'HK-LO-001', file: KUBELET, from: 'streamingConnectionIdleTimeout: 5m0s', to: 'streamingConnectionIdleTimeout: 4h0m0s', says: 'only after 4h' },
  { control: 'HK-LO-002', file: API, from: '--service-account-max-token-expiration=24h', to: '--service-account-max-token-expiration=720h', says: 'valid for 720h' },
  { control: 'HK-PS-002', file: ADM, from: 'enforce: baseline', to: 'enforce: privileged', says: 'weaker than baseline' },
  { control: 'HK-PS-002', file: ADM, from: '          - kube-system\n', to: '          - kube-system\n          - patients\n', says: 'PHI namespace "patients"', at: '          - patients' },
  { control: 'HK-TX-004', file: API, from: '--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', to: '--tls-cipher-suites=TLS_RSA_WITH_3DES_EDE_CBC_SHA,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', says: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' },
  { control: 'HK-TX-005', file: API, from: '--tls-min-version=VersionTLS12', to: '--tls-min-version=VersionTLS10', says: 'VersionTLS10' },
  { control: 'HK-TX-006', file: ETCD, from: '--listen-client-urls=https://127.0.0.1:2379', to: '--listen-client-urls=http://127.0.0.1:2379', says: 'plaintext HTTP' },
  { control: 'HK-TX-006', file: API, from: '--etcd-servers=https://127.0.0.1:2379', to: '--etcd-servers=http://127.0.0.1:2379', says: 'plaintext' },
  { control: 'HK-TX-007', file: KUBELET, from: 'tlsMinVersion: VersionTLS12', to: 'tlsMinVersion: VersionTLS11', says: 'VersionTLS11' },
  { control: 'HK-EN-001', file: API, from: '    - --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml\n', to: '', says: 'no --encryption-provider-config', at: '  - command:' },
  { control: 'HK-EN-002', file: ENC, from: '      - kms:', to: '      - identity: {}\n      - kms:', says: 'lists identity first (then kms, identity' },
  { control: 'HK-EN-002', file: ENC, from: '      - secrets\n', to: '', says: 'No resources entry matches secrets', at: 'resources:' },
  { control: 'HK-EN-003', file: ENC, from: '          apiVersion: v2', to: '          apiVersion: v1', says: 'kms v1: deprecated', at: '      - kms:' },
  { control: 'HK-EN-004', file: ENC, from: '      - configmaps\n', to: '', says: 'ConfigMaps match no resources entry', at: 'resources:' },
  { control: 'HK-EN-006', file: ENC, from: '      - identity: {}', to: '      - aescbc:\n          keys:\n            - name: key1\n              secret: c2VjcmV0IGlzIHNlY3VyZSwgdGhpcyBpcyBhIHRlc3QhIQ==', says: 'raw aescbc key', at: '          keys:' },
  { control: 'HK-AU-001', file: API, from: '    - --audit-policy-file=/etc/kubernetes/audit/audit-policy.yaml\n', to: '', says: 'no --audit-policy-file', at: '  - command:' },
  { control: 'HK-AU-002', file: API, from: '--audit-log-maxage=30', to: '--audit-log-maxage=7', says: '--audit-log-maxage=7' },
  { control: 'HK-AU-003', file: AUDIT, from: 'rules:\n', to: 'rules:\n  - level: None\n    namespaces: ["patients"]\n    resources:\n      - group: ""\n        resources: ["pods/exec", "pods/attach"]\n', says: 'hides pods/exec, pods/attach in namespace patients', at: '  - level: None\n    namespaces' },
  { control: 'HK-AU-003', file: AUDIT, from: 'omitStages: ["RequestReceived"]', to: 'omitStages: ["RequestReceived", "ResponseStarted"]', says: 'logged only when it ends', at: '  - level: Request\n    resources:\n      - group: ""\n        resources: ["pods/exec"' },
  { control: 'HK-AU-004', file: AUDIT, from: '  # Secret values, ConfigMap data and tokens never enter the log', to: '  - level: RequestResponse\n    namespaces: ["kube-system"]\n    resources:\n      - group: ""\n        resources: ["secrets"]\n  # Secret values, ConfigMap data and tokens never enter the log', at: '  - level: RequestResponse\n    namespaces: ["kube-system"]', says: 'at RequestResponse: Secret and ConfigMap values' },
  { control: 'HK-AU-004', file: AUDIT, from: '  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets"', to: '  - level: RequestResponse\n    resources:\n      - group: ""\n        resources: ["secrets"', says: 'Secret reads, Secret changes, ConfigMap reads' },
  { control: 'HK-AU-005', file: AUDIT, from: 'rules:\n', to: 'rules:\n  - level: None\n    userGroups: ["oidc:developers"]\n', says: 'silences group oidc:developers', at: '    userGroups: ["oidc:developers"]' },
  { control: 'HK-AU-006', file: API, from: '    - --audit-webhook-config-file=/etc/kubernetes/audit/webhook-kubeconfig.yaml\n', to: '', says: 'stay on the control-plane node', at: '--audit-log-path' },
  { control: 'HK-AU-009', file: API, from: '--audit-log-format=json', to: '--audit-log-format=legacy', says: 'legacy text format' },
  { control: 'HK-EA-003', file: AUDIT, from: '  - level: RequestResponse\n    userGroups: ["oidc:phi-break-glass"]\n', to: '', says: 'Break-glass group "oidc:phi-break-glass" is logged at Request', at: '  - level: Request\n    resources:\n      - group: ""\n        resources: ["pods/exec"' },
  { control: 'HK-AV-003', file: KUBELET, from: 'podPidsLimit: 4096', to: 'podPidsLimit: -1', says: 'no pod PID limit' },
];

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" is in the changed file`);
  return text.slice(0, i).split('\n').length;
}

describe('insecure variants of the hardened set', () => {
  for (const v of VARIANTS) {
    it(`${v.control}: ${v.from.trim().slice(0, 50)} → ${v.to.trim().slice(0, 50) || '(removed)'}`, () => {
      const inputs = fixtureInputs('hardened').map((i) => {
        if (i.file !== v.file) return i;
        assert.ok(i.text.includes(v.from), `${v.file} contains "${v.from}"`);
        return { ...i, text: i.text.replace(v.from, v.to) };
      });
      const changed = inputs.find((i) => i.file === v.file)?.text ?? '';
      const line = lineOf(changed, v.at ?? (v.to.trim() === '' ? v.from : v.to.trim().split('\n')[0] ?? ''));
      const r = scan(inputs, v.config);
      assert.deepEqual(r.errors, []);
      const mine = r.findings.filter((f) => f.control === v.control);
      assert.ok(mine.some((f) => f.location?.file === v.file && f.location.line === line && f.message.includes(v.says)),
        `expected ${v.control} at ${v.file}:${line} saying "${v.says}"; got:\n${r.findings.map((f) => `  ${f.control} ${f.location?.file}:${f.location?.line} ${f.message}`).join('\n')}`);
      const r2 = r.controls.find((c) => c.id === v.control);
      assert.equal(r2?.status, 'fail');
    });
  }
});
