import { ruleTester } from '../../support/rule-tester.js';
import systemMastersCredentials from '../../../src/rules/cluster/system-masters-credentials.js';
import powerfulWorkloadIdentity from '../../../src/rules/cluster/powerful-workload-identity.js';
import phiSharedNamespace from '../../../src/rules/cluster/phi-shared-namespace.js';
import crossNamespaceGrants from '../../../src/rules/cluster/cross-namespace-grants.js';
import clientCertIdentities from '../../../src/rules/cluster/client-cert-identities.js';
import sharedWorkloadIdentity from '../../../src/rules/cluster/shared-workload-identity.js';
import genericAdminIdentity from '../../../src/rules/cluster/generic-admin-identity.js';
import breakGlassDefined from '../../../src/rules/cluster/break-glass-defined.js';
import breakGlassTimeBound from '../../../src/rules/cluster/break-glass-time-bound.js';
import accessReviewMetadata from '../../../src/rules/cluster/access-review-metadata.js';
import encryptedStorageClass from '../../../src/rules/cluster/encrypted-storage-class.js';
import unmanagedPhiVolumes from '../../../src/rules/cluster/unmanaged-phi-volumes.js';
import backupEncryption from '../../../src/rules/cluster/backup-encryption.js';
import phiBackupCoverage from '../../../src/rules/cluster/phi-backup-coverage.js';
import backupVolumeData from '../../../src/rules/cluster/backup-volume-data.js';
import backupOffCluster from '../../../src/rules/cluster/backup-off-cluster.js';
import imageSignatureEnforced from '../../../src/rules/cluster/image-signature-enforced.js';
import phiVolumeDestruction from '../../../src/rules/cluster/phi-volume-destruction.js';
import policyEngineEnforcing from '../../../src/rules/cluster/policy-engine-enforcing.js';

const CERT = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ2akNDQVdPZ0F3SUJBZ0lVSXJmemM4eURrZ1dKOXN6RDdKUWcwRXBHSlBBd0NnWUlLb1pJemowRUF3SXcKTkRFWE1CVUdBMVVFQ2d3T2MzbHpkR1Z0T20xaGMzUmxjbk14R1RBWEJnTlZCQU1NRUd0MVltVnlibVYwWlhNdApZV1J0YVc0d0hoY05Nall4TVRJeU1EVXhPRFEzV2hjTk16WXhNVEU1TURVeE9EUTNXakEwTVJjd0ZRWURWUVFLCkRBNXplWE4wWlcwNmJXRnpkR1Z5Y3pFWk1CY0dBMVVFQXd3UWEzVmlaWEp1WlhSbGN5MWhaRzFwYmpCWk1CTUcKQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQUJEUHRVaGxKamRlS1VxblQ3cGZrQlQ2c0ZROVBpQUM5MzNUSgpHMkJJOWpDWDB0R2dLVE9zTnY0L1BLekdrLzlmNEVmcUZ1V0Y0bFVKSTFCZ0czcDV3dCtqVXpCUk1CMEdBMVVkCkRnUVdCQlJETVZ6Q3lLWEJwVURMc1ZIRmNUbWRrK0Z4bFRBZkJnTlZIU01FR0RBV2dCUkRNVnpDeUtYQnBVREwKc1ZIRmNUbWRrK0Z4bFRBUEJnTlZIUk1CQWY4RUJUQURBUUgvTUFvR0NDcUdTTTQ5QkFNQ0Ewa0FNRVlDSVFDMwpkdGowRFNwYVJlMEUySlRtMmJ4VmkyREFEV25TOHo2T2dlQWNUdzFkUWdJaEFLYTFrYUkrbG1WTWsybTc1aTB3CjNVT1JNbnVhKzk3WEt0TmVoWHFqRXBvNgotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==';
const ns = (name: string, scope = 'phi', extra = ''): string => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {phiguard.dev/scope: ${scope}${extra}}
---
`;
const deploy = (n: string, name: string, spec = '', labels = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${n}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}${labels}}}
    spec:${spec}
      containers: [{name: c, image: "app:1"}]
---
`;
const crb = (name: string, role: string, subject: string, meta = ''): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}${meta}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects:
- ${subject}
---
`;
const rb = (name: string, n: string, role: string, subject: string, meta = ''): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${n}${meta}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects:
- ${subject}
---
`;
const kubeconfig = (cert: string): string => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://k8s.example:6443"}}]
users:
- name: admin
  user: {client-certificate-data: ${cert}}
`;
const sc = (name: string, provisioner: string, extra = ''): string => `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: ${name}}
provisioner: ${provisioner}${extra}
---
`;
const pvc = (n: string, name: string, cls: string): string => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, namespace: ${n}}
spec: {storageClassName: ${cls}, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
`;
const schedule = (name: string, template: string): string => `apiVersion: velero.io/v1
kind: Schedule
metadata: {name: ${name}, namespace: velero}
spec:
  schedule: "0 2 * * *"
  template: ${template}
---
`;
const bsl = (name: string, spec: string): string => `apiVersion: velero.io/v1
kind: BackupStorageLocation
metadata: {name: ${name}, namespace: velero}
spec: ${spec}
---
`;

ruleTester(systemMastersCredentials, {
  valid: [{ name: 'token user', yaml: 'apiVersion: v1\nkind: Config\nusers: [{name: a, user: {exec: {command: aws}}}]\n' }],
  invalid: [{ name: 'system:masters certificate', yaml: kubeconfig(CERT), errors: [{ messageId: 'masters', contains: 'CN=kubernetes-admin', path: '/users/0/user/client-certificate-data' }] }],
});

const POD_CREATOR = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pod-creator}
rules: [{apiGroups: [""], resources: [pods], verbs: [create]}]
---
`;
ruleTester(powerfulWorkloadIdentity, {
  valid: [
    { name: 'no token mounted', yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops\n      automountServiceAccountToken: false') + crb('b', 'cluster-admin', '{kind: ServiceAccount, name: ops, namespace: p}') },
    { name: 'create pods in its own namespace only', yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + POD_CREATOR + rb('b', 'p', 'pod-creator', '{kind: ServiceAccount, name: ops, namespace: p}') },
    { name: 'SA with view only', yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + crb('b', 'view', '{kind: ServiceAccount, name: ops, namespace: p}') },
  ],
  invalid: [
    {
      name: 'SA bound to cluster-admin',
      yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + crb('b', 'cluster-admin', '{kind: ServiceAccount, name: ops, namespace: p}'),
      errors: [{ messageId: 'powerful', contains: 'cluster-admin equivalent', resource: 'api' }],
    },
    {
      name: 'default SA reads secrets via the namespace group',
      yaml: ns('p') + deploy('p', 'api') + rb('b', 'p', 'edit', '{kind: Group, name: "system:serviceaccounts:p"}'),
      errors: [{ messageId: 'powerful', contains: 'read Secrets in namespace "p"' }],
    },
    {
      name: 'SA may create pods in every namespace',
      yaml: ns('p') + deploy('p', 'api', '\n      serviceAccountName: ops') + POD_CREATOR + crb('b', 'pod-creator', '{kind: ServiceAccount, name: ops, namespace: p}'),
      errors: [{ messageId: 'powerful', contains: 'create pods in every namespace' }],
    },
  ],
});

ruleTester(phiSharedNamespace, {
  valid: [
    { name: 'own namespace', yaml: ns('p') + deploy('p', 'api') },
  ],
  invalid: [
    // With no scope declared everything counts as PHI (controls.md §5 rule 4), so a workload in default is flagged.
    { name: 'undeclared scope', yaml: deploy('default', 'api'), errors: [{ messageId: 'shared' }] },
    { name: 'PHI workload in default', yaml: ns('p') + deploy('default', 'api', '', ', phiguard.dev/phi: "true"'), errors: [{ messageId: 'shared' }] },
    { name: 'mixed namespace', yaml: ns('p') + deploy('p', 'api') + deploy('p', 'metrics', '', ', phiguard.dev/phi: "false"'), errors: [{ messageId: 'mixed', contains: 'metrics' }] },
  ],
});

ruleTester(crossNamespaceGrants, {
  valid: [
    { name: 'same-namespace SA', yaml: ns('p') + rb('b', 'p', 'view', '{kind: ServiceAccount, name: app, namespace: p}') },
    { name: 'trusted namespace', config: { trustedNamespaces: ['monitoring'] }, yaml: ns('p') + ns('monitoring', 'none') + rb('b', 'p', 'view', '{kind: ServiceAccount, name: prom, namespace: monitoring}') },
  ],
  invalid: [
    { name: 'CI SA into PHI', yaml: ns('p') + ns('ci', 'none') + rb('b', 'p', 'edit', '{kind: ServiceAccount, name: deployer, namespace: ci}'), errors: [{ messageId: 'foreignSa', path: '/subjects/0' }] },
    { name: 'cluster-wide view', yaml: ns('p') + crb('mon', 'view', '{kind: ServiceAccount, name: prom, namespace: monitoring}'), errors: [{ messageId: 'clusterRead', contains: 'pods, configmaps' }] },
  ],
});

ruleTester(clientCertIdentities, {
  valid: [
    { name: 'all federated', yaml: crb('a', 'view', '{kind: User, name: "oidc:alice@example.com"}') + crb('b', 'view', '{kind: Group, name: "oidc:sre"}') },
    { name: 'no convention visible', yaml: crb('a', 'view', '{kind: User, name: alice}') },
  ],
  invalid: [
    { name: 'local user beside OIDC ones', yaml: crb('a', 'view', '{kind: User, name: "oidc:alice@example.com"}') + crb('b', 'edit', '{kind: User, name: bob}'), errors: [{ messageId: 'localSubject', resource: 'b', contains: 'User bob' }] },
    {
      name: 'approved client CSR for a person',
      yaml: 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: bob}\nspec: {signerName: kubernetes.io/kube-apiserver-client, username: bob, request: "", usages: [client auth]}\nstatus: {conditions: [{type: Approved, status: "True"}]}\n',
      errors: [{ messageId: 'csr' }],
    },
  ],
});

ruleTester(sharedWorkloadIdentity, {
  valid: [{ name: 'one each', yaml: ns('p') + deploy('p', 'a', '\n      serviceAccountName: a') + deploy('p', 'b', '\n      serviceAccountName: b') }],
  invalid: [
    { name: 'two on default: one finding for the shared identity, the other workload related', yaml: ns('p') + deploy('p', 'a') + deploy('p', 'b'), errors: [{ messageId: 'shared', resource: 'a', contains: 'p/default', related: ['shared'] }] },
    { name: 'two shared identities are two findings', yaml: ns('p') + deploy('p', 'a') + deploy('p', 'b') + deploy('p', 'c', '\n      serviceAccountName: x') + deploy('p', 'd', '\n      serviceAccountName: x'),
      errors: [{ messageId: 'shared', contains: 'p/default', related: ['shared'] }, { messageId: 'shared', contains: 'p/x', related: ['shared'] }] },
  ],
});

ruleTester(genericAdminIdentity, {
  valid: [{ name: 'personal', yaml: crb('a', 'view', '{kind: User, name: alice}') }],
  invalid: [{ name: 'kubernetes-admin', yaml: crb('a', 'cluster-admin', '{kind: User, name: kubernetes-admin}'), errors: [{ messageId: 'generic', path: '/subjects/0' }] }],
});

const BG_META = `\n  labels: {phiguard.dev/break-glass: "true"}\n  annotations: {phiguard.dev/owner: sec-team, phiguard.dev/procedure: "https://wiki/bg", phiguard.dev/expires: "2027-01-01T00:00:00Z"}`;
ruleTester(breakGlassDefined, {
  valid: [{ name: 'documented group', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: emergency}', BG_META) }],
  invalid: [
    { name: 'none labelled', yaml: crb('ops', 'view', '{kind: Group, name: ops}'), errors: [{ messageId: 'missing' }] },
    { name: 'user subject, undocumented', yaml: crb('bg', 'cluster-admin', '{kind: User, name: alice}', '\n  labels: {phiguard.dev/break-glass: "true"}'), errors: [{ messageId: 'notGroup' }, { messageId: 'undocumented', contains: 'phiguard.dev/owner, phiguard.dev/procedure' }] },
  ],
});

ruleTester(breakGlassTimeBound, {
  valid: [{ name: 'expires in future', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: emergency}', BG_META) }],
  invalid: [
    { name: 'standing with a user', yaml: crb('bg', 'cluster-admin', '{kind: User, name: alice}', '\n  labels: {phiguard.dev/break-glass: "true"}'), errors: [{ messageId: 'standing' }, { messageId: 'individual' }] },
    { name: 'expired', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: e}', BG_META.replace('2027-01-01', '2026-01-01')), errors: [{ messageId: 'expired', contains: '2026-01-01' }] },
  ],
});

ruleTester(accessReviewMetadata, {
  valid: [
    { name: 'reviewed recently', yaml: ns('p') + rb('b', 'p', 'view', '{kind: Group, name: g}', '\n  annotations: {phiguard.dev/owner: team, phiguard.dev/reviewed-at: "2026-06-01"}') },
    { name: 'outside PHI', yaml: ns('w', 'none') + rb('b', 'w', 'view', '{kind: Group, name: g}') },
  ],
  invalid: [
    { name: 'no metadata', yaml: ns('p') + rb('b', 'p', 'view', '{kind: Group, name: g}'), errors: [{ messageId: 'missing', severity: 'info' }] },
    { name: 'stale review', yaml: ns('p') + rb('b', 'p', 'view', '{kind: Group, name: g}', '\n  annotations: {phiguard.dev/owner: team, phiguard.dev/reviewed-at: "2025-01-01"}'), errors: [{ messageId: 'stale' }] },
  ],
});

ruleTester(encryptedStorageClass, {
  valid: [
    { name: 'encrypted EBS', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com', '\nparameters: {encrypted: "true"}') + pvc('p', 'data', 'gp3') },
    { name: 'GKE PD always encrypted', yaml: ns('p') + sc('std', 'pd.csi.storage.gke.io') + pvc('p', 'data', 'std') },
  ],
  invalid: [
    { name: 'EBS without flag', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com') + pvc('p', 'data', 'gp3'), errors: [{ messageId: 'unencrypted', path: '/spec/storageClassName' }] },
    { name: 'unknown provisioner', yaml: ns('p') + sc('nfs', 'example.com/nfs') + pvc('p', 'data', 'nfs'), errors: [{ messageId: 'evidence', severity: 'low' }] },
  ],
});

ruleTester(unmanagedPhiVolumes, {
  valid: [
    { name: 'PVC volume', yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: d, persistentVolumeClaim: {claimName: d}}]') },
    {
      name: 'system directories, a device and a socket of the node hold no application data',
      yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: b, hostPath: {path: /usr/bin}}, {name: s, hostPath: {path: /lib/systemd}}, {name: t, hostPath: {path: /dev/ttyS0, type: CharDevice}}, {name: d, hostPath: {path: /var/run/docker.sock}}, {name: e, hostPath: {path: /etc/os-release, type: File}}]'),
    },
  ],
  invalid: [{
    name: 'a data directory under /var/lib is a store',
    yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: h, hostPath: {path: /var/lib/app-data, type: DirectoryOrCreate}}]'),
    errors: [{ messageId: 'hostPath', contains: '/var/lib/app-data' }],
  }, {
    name: 'hostPath, NFS and iSCSI',
    yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: h, hostPath: {path: /data}}, {name: n, nfs: {server: nfs.local, path: /exports}}, {name: i, iscsi: {targetPortal: "10.0.0.1:3260", iqn: "iqn.x", lun: 0}}]'),
    errors: [{ messageId: 'hostPath' }, { messageId: 'nfs' }, { messageId: 'iscsi' }],
  }],
});

ruleTester(backupEncryption, {
  valid: [{ name: 'KMS key', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {region: us-east-1, kmsKeyId: "alias/velero"}}') }],
  invalid: [{ name: 'no key', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {region: us-east-1}}'), errors: [{ messageId: 'noKms', contains: 'bucket b' }] }],
});

ruleTester(phiBackupCoverage, {
  valid: [
    { name: 'all namespaces', yaml: ns('p') + schedule('daily', '{ttl: 720h0m0s}') },
    { name: 'listed', yaml: ns('p') + schedule('daily', '{includedNamespaces: [p]}') },
  ],
  invalid: [
    { name: 'no schedule', yaml: ns('p'), errors: [{ messageId: 'uncovered', contains: 'no Velero Schedule at all' }] },
    { name: 'excluded', yaml: ns('p') + schedule('daily', '{excludedNamespaces: [p]}'), errors: [{ messageId: 'uncovered', contains: 'excluded by Schedule daily' }] },
  ],
});

ruleTester(backupVolumeData, {
  valid: [{ name: 'fs backup', yaml: ns('p') + schedule('daily', '{snapshotVolumes: false, defaultVolumesToFsBackup: true}') }],
  invalid: [{ name: 'no volume data', yaml: ns('p') + schedule('daily', '{snapshotVolumes: false}'), errors: [{ messageId: 'noVolumes', fix: true }] }],
});

ruleTester(backupOffCluster, {
  valid: [{ name: 'S3 and 30 days', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {region: us-east-1}}') + schedule('daily', '{ttl: 720h0m0s}') }],
  invalid: [
    { name: 'in-cluster MinIO', yaml: bsl('default', '{provider: aws, objectStorage: {bucket: b}, config: {s3Url: "http://minio.velero.svc:9000"}}'), errors: [{ messageId: 'inCluster' }] },
    { name: 'one week', yaml: schedule('daily', '{ttl: 168h0m0s}'), errors: [{ messageId: 'shortTtl', fix: true }] },
  ],
});

ruleTester(imageSignatureEnforced, {
  valid: [{
    name: 'Kyverno verifyImages Enforce',
    yaml: ns('p') + 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: verify}\nspec:\n  validationFailureAction: Enforce\n  rules:\n  - name: sig\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages: [{imageReferences: ["*"], attestors: []}]\n',
  }],
  invalid: [
    { name: 'nothing', yaml: ns('p'), errors: [{ messageId: 'none' }] },
    { name: 'sigstore without opt-in', yaml: ns('p') + 'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: sig}\nspec: {images: [{glob: "**"}]}\n', errors: [{ messageId: 'none', contains: 'policy.sigstore.dev/include=true' }] },
  ],
});

ruleTester(phiVolumeDestruction, {
  valid: [
    { name: 'Retain', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com', '\nreclaimPolicy: Retain') + pvc('p', 'd', 'gp3') },
    { name: 'backed up', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com') + pvc('p', 'd', 'gp3') + schedule('daily', '{}') },
  ],
  invalid: [
    { name: 'default Delete, no backup', yaml: ns('p') + sc('gp3', 'ebs.csi.aws.com') + pvc('p', 'd', 'gp3'), errors: [{ messageId: 'reclaimDelete', contains: 'Delete (the default)' }] },
    { name: 'snapshot class', yaml: 'apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata: {name: s}\ndriver: ebs.csi.aws.com\ndeletionPolicy: Delete\n', errors: [{ messageId: 'snapshotDelete', fix: true }] },
  ],
});

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
