/**
 * Scores phiguard's rules against the peer scanners' own fixtures in ../shared/corpus (see INVENTORY.md there):
 * every peer check is mapped to phiguard controls (or to "no equivalent"), and each fixture's expected outcome is
 * compared with what the real engine reports. `node build/scripts/score-corpus.js [--json] [--corpus DIR]`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { DEFAULT_CONFIG } from '../src/core/config.js';
import type { ScanConfig } from '../src/core/config.js';
import type { Finding, RelatedFinding } from '../src/core/finding.js';
import { partsOf } from '../src/core/finding.js';
import type { Rule } from '../src/core/rule.js';
import { RULES } from '../src/rules/index.js';
import { evaluateTexts } from '../src/scan/evaluate-texts.js';

export type Suite = 'polaris' | 'kyverno' | 'trivy' | 'kube-score' | 'badPods';
export const SUITES: readonly Suite[] = ['polaris', 'kyverno', 'trivy', 'kube-score', 'badPods'];

export interface CheckMapping {
  readonly suite: Suite;
  /** The peer's check id: Polaris check id, Kyverno policy[/rule], KSV id, kube-score check name, badPods class. */
  readonly check: string;
  /** phiguard controls that check the same thing; empty = no equivalent. */
  readonly controls: readonly string[];
  /** Only findings with these message ids count (when the peer check covers part of a control). */
  readonly messages?: readonly string[];
  /** Only findings whose message contains this text count. */
  readonly contains?: string;
  /** ScanConfig fields the peer's fixtures presuppose (e.g. the policy's own registry allow-list), over the scoring defaults. */
  readonly config?: Partial<ScanConfig>;
  /** Why there is no equivalent, or how the semantics differ. */
  readonly note?: string;
  /** kube-score run configs (besides the defaults) whose effect phiguard reproduces for this check. */
  readonly runConfig?: RegExp;
  /** Fixtures (by file name or resource name) where the peer's expectation is a known quirk, with the reason; not scored. */
  readonly quirks?: readonly { readonly fixture: string; readonly reason: string }[];
}

const PS = (n: string): string => `HK-PS-0${n}`;

const HOSTIPC_DS = 'hostipc/deamonset/hostipc-revshell-deamonset.yaml';
const BAD_PODS_FIXTURE = 'the upstream hostipc DaemonSet also sets hostNetwork: true and hostPID: true (lines 19-20), so phiguard is right to flag them';
const NAME_EXEMPTION = 'Polaris skips bindings by name (system:*, cluster-admin, gce:podsecuritypolicy:calico-sa); anyone can choose that name and the binding really grants the permission to a non-system subject (see test/rules/cluster/polaris-rbac.test.ts)';
const MISSING_ROLE = 'the binding names a role that is neither in the input nor built in, so it grants nothing as given; Polaris fails closed, phiguard reports only grants it can prove';
const SINGLE_REPLICA_PDB = 'single-replica Deployment: catalog HK-CP-007 asks PDBs of multi-replica workloads only (a PDB on one replica either protects nothing or blocks every drain)';
const LIMITS_ONLY = 'kube-score wants explicit requests; with limits only, the API server copies the limits into the requests at admission, so the container is reserved exactly what it may use and phiguard does not flag it';
const nameExempt = (check: string, ...extra: string[]): { fixture: string; reason: string }[] =>
  ['success.gce_calico_binding.yaml', 'success.system_prefix_binding.yaml', ...extra].map((f) => ({ fixture: `${check}/${f}`, reason: NAME_EXEMPTION }));

/**
 * The mapping table. Pod-security mappings follow the Pod Security Standards; where a peer deviates from them
 * the case is listed as a quirk with its reason.
 */
export const MAPPINGS: readonly CheckMapping[] = [
  // Polaris (test/checks/<id>)
  { suite: 'polaris', check: 'runAsPrivileged', controls: [PS('03')] },
  { suite: 'polaris', check: 'hostIPCSet', controls: [PS('04')], contains: 'hostIPC' },
  { suite: 'polaris', check: 'hostNetworkSet', controls: [PS('04')], contains: 'hostNetwork' },
  { suite: 'polaris', check: 'hostPIDSet', controls: [PS('04')], contains: 'hostPID' },
  { suite: 'polaris', check: 'hostPathSet', controls: [PS('05')] },
  { suite: 'polaris', check: 'hostPortSet', controls: [PS('06')] },
  { suite: 'polaris', check: 'dangerousCapabilities', controls: [PS('07')], messages: ['addDangerous'] },
  { suite: 'polaris', check: 'insecureCapabilities', controls: [PS('07')], messages: ['noDropAll'], quirks: [
    { fixture: 'insecureCapabilities/success.yaml', reason: 'Polaris accepts dropping its own list of 15 default capabilities instead of ALL; PSS restricted requires ALL, because default sets differ between runtimes and versions and PSA admission rejects the list' },
    { fixture: 'insecureCapabilities/success.pod.yaml', reason: 'as success.yaml: an explicit list instead of ALL' },
    { fixture: 'insecureCapabilities/success.case.yaml', reason: 'as success.yaml: an explicit list (in mixed case) instead of ALL' },
  ] },
  { suite: 'polaris', check: 'runAsRootAllowed', controls: [PS('08')] },
  { suite: 'polaris', check: 'privilegeEscalationAllowed', controls: [PS('09')] },
  { suite: 'polaris', check: 'notReadOnlyRootFilesystem', controls: [PS('10')] },
  { suite: 'polaris', check: 'procMount', controls: [PS('12')], messages: ['procMount'] },
  { suite: 'polaris', check: 'hostProcess', controls: [PS('12')], messages: ['hostProcess'] },
  { suite: 'polaris', check: 'linuxHardening', controls: [],
    note: 'passes when any one of seccomp, SELinux options, AppArmor or drop-ALL is set; phiguard checks each of these separately (HK-PS-007/011/012)' },
  { suite: 'polaris', check: 'sensitiveContainerEnvVar', controls: ['HK-SE-001'] },
  { suite: 'polaris', check: 'sensitiveConfigmapContent', controls: ['HK-SE-002'] },
  { suite: 'polaris', check: 'tagNotSpecified', controls: ['HK-IN-001'] },
  { suite: 'polaris', check: 'automountServiceAccountToken', controls: ['HK-AC-011'] },
  { suite: 'polaris', check: 'clusterrolebindingClusterAdmin', controls: ['HK-AC-002'], quirks: nameExempt('clusterrolebindingClusterAdmin') },
  { suite: 'polaris', check: 'rolebindingClusterAdminClusterRole', controls: ['HK-AC-002'], quirks: nameExempt('rolebindingClusterAdminClusterRole') },
  { suite: 'polaris', check: 'rolebindingClusterAdminRole', controls: ['HK-AC-002'], quirks: nameExempt('rolebindingClusterAdminRole') },
  { suite: 'polaris', check: 'clusterrolePodExecAttach', controls: ['HK-AC-005'] },
  { suite: 'polaris', check: 'clusterrolebindingPodExecAttach', controls: ['HK-AC-005'], quirks: [
    ...nameExempt('clusterrolebindingPodExecAttach', 'success.defaultclusterrolebinding_clusteradmin.yaml', 'success.defaultclusterrolebinding_system-controller-generic-garbage-collector.yaml'),
    { fixture: 'clusterrolebindingPodExecAttach/failure.binding_points_to_missing_ref.yaml', reason: MISSING_ROLE },
  ] },
  { suite: 'polaris', check: 'rolePodExecAttach', controls: ['HK-AC-005'] },
  { suite: 'polaris', check: 'rolebindingClusterRolePodExecAttach', controls: ['HK-AC-005'], quirks: [
    ...nameExempt('rolebindingClusterRolePodExecAttach'),
    { fixture: 'rolebindingClusterRolePodExecAttach/failure.binding_points_to_missing_ref.yaml', reason: MISSING_ROLE },
  ] },
  { suite: 'polaris', check: 'rolebindingRolePodExecAttach', controls: ['HK-AC-005'], quirks: [
    ...nameExempt('rolebindingRolePodExecAttach'),
    { fixture: 'rolebindingRolePodExecAttach/success.role_binding_cluster_role_binding.yaml', reason: 'the RoleBinding grants */*/* (so pods/exec) through a ClusterRole; Polaris counts that under rolebindingClusterRolePodExecAttach, phiguard has one control for every path to exec' },
    { fixture: 'rolebindingRolePodExecAttach/failure.binding_points_to_missing_ref.yaml', reason: MISSING_ROLE },
  ] },
  // Polaris asks that a policy selecting the pod isolates it for ingress and egress: per pod that is HK-NW-002/003 (isolation), HK-NW-001 being the namespace with none at all.
  { suite: 'polaris', check: 'missingNetworkPolicy', controls: ['HK-NW-001', 'HK-NW-002', 'HK-NW-003'], quirks: [
    { fixture: 'missingNetworkPolicy/failure.netpol_missing_egress_rules.yaml', reason: 'Polaris requires at least one egress rule; this policy lists Egress in policyTypes with no rules, so the pod is denied all egress: more isolated, not less' },
    { fixture: 'missingNetworkPolicy/failure.netpol_missing_ingress_rules.yaml', reason: 'as failure.netpol_missing_egress_rules.yaml for ingress: Ingress in policyTypes with no rules denies all ingress' },
  ] },
  { suite: 'polaris', check: 'tlsSettingsMissing', controls: ['HK-TX-001'], quirks: [{ fixture: 'tlsSettingsMissing/success.yaml',
    reason: 'Polaris only asks that spec.tls exists; this rule has no host, so it lands on the controller\'s catch-all server, which spec.tls (example.com only) does not cover' }] },
  { suite: 'polaris', check: 'cpuRequestsMissing', controls: ['HK-AV-001'], messages: ['cpuRequest'] },
  { suite: 'polaris', check: 'memoryRequestsMissing', controls: ['HK-AV-001'], messages: ['memoryRequest'] },
  { suite: 'polaris', check: 'memoryLimitsMissing', controls: ['HK-AV-001'], messages: ['memoryLimit'] },
  { suite: 'polaris', check: 'livenessProbeMissing', controls: ['HK-CP-009'], messages: ['liveness'] },
  { suite: 'polaris', check: 'readinessProbeMissing', controls: ['HK-CP-009'], messages: ['readiness'] },
  { suite: 'polaris', check: 'missingPodDisruptionBudget', controls: ['HK-CP-007'], messages: ['missing'], quirks:
    ['failure-bad-ns.yaml', 'failure.bad-name.yaml', 'failure.empty-labels.yaml', 'failure.no-labels.yaml', 'failure.no-metadata.yaml', 'failure.wrong-place.yaml', 'failure.yaml']
      .map((f) => ({ fixture: `missingPodDisruptionBudget/${f}`, reason: SINGLE_REPLICA_PDB })) },
  { suite: 'polaris', check: 'pdbDisruptionsIsZero', controls: ['HK-CP-007'], messages: ['pdbBlocksAll', 'blocksAll'], quirks: [
    { fixture: 'pdbDisruptionsIsZero/failure.either.yaml', reason: 'sets both minAvailable and maxUnavailable, which the API server rejects; as given it is not a PDB that can exist' },
  ] },
  { suite: 'polaris', check: 'deploymentMissingReplicas', controls: ['HK-CP-008'], messages: ['single'] },
  { suite: 'polaris', check: 'topologySpreadConstraint', controls: ['HK-CP-008'], messages: ['noZoneSpread'], quirks: [
    { fixture: 'topologySpreadConstraint/failure.empty.yaml', reason: 'a single-replica Deployment cannot be spread; phiguard reports it as a single replica (HK-CP-008 single) instead' },
    { fixture: 'topologySpreadConstraint/failure.nospreadconstraint.yaml', reason: 'as failure.empty.yaml: one replica, reported as such' },
  ] },
  { suite: 'polaris', check: 'hpaMinAvailability', controls: ['HK-CP-008'], messages: ['hpaMin'], quirks: [
    { fixture: 'hpaMinAvailability/success.minReplicaAbsent.yaml', reason: 'an absent minReplicas defaults to 1, a single point of failure; Polaris skips the HPA' },
  ] },
  { suite: 'polaris', check: 'cpuLimitsMissing', controls: [], note: 'CPU limits are optional by policy in HK-AV-001' },
  { suite: 'polaris', check: 'pullPolicyNotAlways', controls: [], note: 'pull policy is not a HIPAA control; digest pinning is HK-IN-002' },

  // Kyverno pod-security (and best-practices that map)
  { suite: 'kyverno', check: 'disallow-privileged-containers', controls: [PS('03')] },
  { suite: 'kyverno', check: 'disallow-host-namespaces', controls: [PS('04')] },
  { suite: 'kyverno', check: 'disallow-host-path', controls: [PS('05')] },
  { suite: 'kyverno', check: 'disallow-host-ports', controls: [PS('06')] },
  { suite: 'kyverno', check: 'disallow-host-ports-range', controls: [],
    note: 'allows host ports 5000-6000 by site policy; phiguard forbids every host port (PSS baseline without an allow-list)' },
  { suite: 'kyverno', check: 'disallow-capabilities', controls: [PS('07')], messages: ['addDangerous', 'addBeyondBaseline'] },
  { suite: 'kyverno', check: 'disallow-capabilities-strict/adding-capabilities-strict', controls: [PS('07')], messages: ['addDangerous', 'addBeyondBaseline', 'addOther'] },
  { suite: 'kyverno', check: 'disallow-capabilities-strict/require-drop-all', controls: [PS('07')], messages: ['noDropAll'] },
  { suite: 'kyverno', check: 'require-run-as-nonroot', controls: [PS('08')], messages: ['notRequired', 'overridden', 'userNotEnforced'] },
  { suite: 'kyverno', check: 'require-run-as-non-root-user', controls: [PS('08')], messages: ['rootUser'] },
  { suite: 'kyverno', check: 'disallow-privilege-escalation', controls: [PS('09')] },
  { suite: 'kyverno', check: 'require-ro-rootfs', controls: [PS('10')] },
  { suite: 'kyverno', check: 'restrict-seccomp', controls: [PS('11')], messages: ['unconfined', 'invalid'] },
  { suite: 'kyverno', check: 'restrict-seccomp-strict', controls: [PS('11')] },
  { suite: 'kyverno', check: 'restrict-apparmor-profiles', controls: [PS('12')], messages: ['apparmorAnnotation', 'apparmorProfile'] },
  { suite: 'kyverno', check: 'disallow-selinux/selinux-type', controls: [PS('12')], messages: ['selinuxType'] },
  { suite: 'kyverno', check: 'disallow-selinux/selinux-user-role', controls: [PS('12')], messages: ['selinuxUserRole'] },
  { suite: 'kyverno', check: 'disallow-proc-mount', controls: [PS('12')], messages: ['procMount'] },
  { suite: 'kyverno', check: 'restrict-sysctls', controls: [PS('12')], messages: ['sysctl'] },
  { suite: 'kyverno', check: 'disallow-host-process', controls: [PS('12')], messages: ['hostProcess'] },
  { suite: 'kyverno', check: 'restrict-volume-types', controls: [PS('13')] },
  { suite: 'kyverno', check: 'drop-all-capabilities', controls: [PS('07')], messages: ['noDropAll'] },
  { suite: 'kyverno', check: 'drop-cap-net-raw', controls: [], note: 'phiguard requires drop ALL (HK-PS-007), which subsumes NET_RAW' },
  { suite: 'kyverno', check: 'disallow-container-sock-mounts/validate-docker-sock-mount', controls: [PS('05')], messages: ['sensitive'], contains: 'docker.sock' },
  { suite: 'kyverno', check: 'disallow-container-sock-mounts/validate-containerd-sock-mount', controls: [PS('05')], messages: ['sensitive'], contains: 'containerd' },
  { suite: 'kyverno', check: 'disallow-container-sock-mounts/validate-crio-sock-mount', controls: [PS('05')], messages: ['sensitive'], contains: 'crio' },
  { suite: 'kyverno', check: 'disallow-latest-tag', controls: ['HK-IN-001'] },
  { suite: 'kyverno', check: 'restrict-image-registries', controls: ['HK-IN-003'], config: { allowedRegistries: ['eu.foo.io', 'bar.io'] } },
  { suite: 'kyverno', check: 'require-requests-limits', controls: ['HK-AV-001'] },
  { suite: 'kyverno', check: 'require-pod-probes', controls: ['HK-CP-009'], quirks: [
    { fixture: 'require-probes/.kyverno-test: Pod/goodpod03 (', reason: 'Kyverno accepts any one probe; this container has a readinessProbe only, and phiguard wants liveness and readiness on PHI containers (HK-CP-009)' },
    { fixture: 'require-probes/.kyverno-test: Pod/goodpod04 (', reason: 'as goodpod03: a startupProbe only, no liveness or readiness probe' },
  ] },
  { suite: 'kyverno', check: 'podsecurity-subrule-baseline', controls: [],
    note: 'Kyverno podSecurity subrule = all baseline checks at once; covered check by check above' },
  { suite: 'kyverno', check: 'podsecurity-subrule-restricted', controls: [], note: 'as above, restricted profile' },
  { suite: 'kyverno', check: 'podsecurity-subrule-restricted-capabilities', controls: [], note: 'profile with exemptions; no single control' },
  { suite: 'kyverno', check: 'podsecurity-subrule-restricted-seccomp', controls: [], note: 'profile with exemptions; no single control' },

  // Trivy (checks/kubernetes/*.yaml good/bad)
  { suite: 'trivy', check: 'KSV-0017', controls: [PS('03')] },
  { suite: 'trivy', check: 'KSV-0008', controls: [PS('04')], contains: 'hostIPC' },
  { suite: 'trivy', check: 'KSV-0009', controls: [PS('04')], contains: 'hostNetwork' },
  { suite: 'trivy', check: 'KSV-0010', controls: [PS('04')], contains: 'hostPID' },
  { suite: 'trivy', check: 'KSV-0023', controls: [PS('05')] },
  { suite: 'trivy', check: 'KSV-0006', controls: [PS('05')], messages: ['sensitive'], contains: 'sock' },
  { suite: 'trivy', check: 'KSV-0024', controls: [PS('06')] },
  { suite: 'trivy', check: 'KSV-0003', controls: [PS('07')], messages: ['noDropAll'] },
  { suite: 'trivy', check: 'KSV-0005', controls: [PS('07')], messages: ['addDangerous'], contains: 'SYS_ADMIN' },
  { suite: 'trivy', check: 'KSV-0022', controls: [PS('07')], messages: ['addDangerous', 'addBeyondBaseline', 'addOther'], quirks: [
    { fixture: 'specific_capabilities_added.yaml bad[0]', reason: 'Trivy flags any added capability; PSS restricted explicitly allows adding NET_BIND_SERVICE, which this fixture adds' },
  ] },
  { suite: 'trivy', check: 'KSV-0012', controls: [PS('08')] },
  { suite: 'trivy', check: 'KSV-0001', controls: [PS('09')] },
  { suite: 'trivy', check: 'KSV-0014', controls: [PS('10')] },
  { suite: 'trivy', check: 'KSV-0030', controls: [PS('11')] },
  { suite: 'trivy', check: 'KSV-0002', controls: [PS('12')], messages: ['apparmorAnnotation', 'apparmorProfile'] },
  { suite: 'trivy', check: 'KSV-0025', controls: [PS('12')], messages: ['selinuxType', 'selinuxUserRole'] },
  { suite: 'trivy', check: 'KSV-0026', controls: [PS('12')], messages: ['sysctl'] },
  { suite: 'trivy', check: 'KSV-0027', controls: [PS('12')], messages: ['procMount'] },
  { suite: 'trivy', check: 'KSV-0028', controls: [PS('13')] },
  { suite: 'trivy', check: 'KSV-0013', controls: ['HK-IN-001'] },
  { suite: 'trivy', check: 'KSV-0109', controls: ['HK-SE-002'] },
  { suite: 'trivy', check: 'KSV-0036', controls: ['HK-AC-011'], quirks: [
    { fixture: 'protecting_pod_service_account_tokens.yaml good[0]', reason: 'Trivy flags only pods that mount the token path explicitly; this pod leaves automountServiceAccountToken unset, so the default still mounts an API token (CIS 5.1.6)' },
  ] },
  { suite: 'trivy', check: 'KSV-0037', controls: ['HK-AC-014'] },
  { suite: 'trivy', check: 'KSV-0011', controls: [], note: 'CPU limits are optional by policy in HK-AV-001' },
  { suite: 'trivy', check: 'KSV-0015', controls: ['HK-AV-001'], messages: ['cpuRequest'] },
  { suite: 'trivy', check: 'KSV-0016', controls: ['HK-AV-001'], messages: ['memoryRequest'] },
  { suite: 'trivy', check: 'KSV-0018', controls: ['HK-AV-001'], messages: ['memoryLimit'] },
  { suite: 'trivy', check: 'KSV-0020', controls: [], note: 'UID > 10000 is a heuristic outside PSS; phiguard checks non-root (HK-PS-008)' },
  { suite: 'trivy', check: 'KSV-0021', controls: [], note: 'GID > 10000 is a heuristic outside PSS' },
  { suite: 'trivy', check: 'KSV-0038', controls: [], note: 'selector usage is a style check' },
  { suite: 'trivy', check: 'KSV-0102', controls: [], note: 'Tiller is gone since Helm 3' },
  { suite: 'trivy', check: 'KCV-0093', controls: [], note: 'ingress-nginx annotation injection (CVE-2021-25742) is outside the catalog' },

  // kube-score (EXPECTED_extracted_from_go_tests.tsv)
  { suite: 'kube-score', check: 'Container Security Context Privileged', controls: [PS('03')] },
  { suite: 'kube-score', check: 'Container Security Context ReadOnlyRootFilesystem', controls: [PS('10')] },
  { suite: 'kube-score', check: 'Container Seccomp Profile', controls: [PS('11')], quirks: [
    { fixture: 'pod-seccomp-annotated.yaml', reason: 'seccomp.security.alpha.kubernetes.io/defaultProfileName is a PodSecurityPolicy annotation; on a Pod the kubelet ignores it, so the container runs unconfined' },
    { fixture: 'pod-seccomp-annotated-annotation-optional.yaml', reason: 'as pod-seccomp-annotated.yaml (PodSecurityPolicy annotation on a Pod has no effect)' },
  ] },
  { suite: 'kube-score', check: 'Container Security Context User Group ID', controls: [],
    note: 'kube-score wants UID and GID > 10000; phiguard checks non-root per PSS (HK-PS-008)' },
  { suite: 'kube-score', check: 'Container Image Tag', controls: ['HK-IN-001'] },
  // phiguard leaves CPU limits optional, which is kube-score's IgnoreContainerCpuLimitRequirement.
  { suite: 'kube-score', check: 'Container Resources', controls: ['HK-AV-001'], runConfig: /^IgnoreContainerCpuLimitRequirement: true/, quirks:
    ['pod-test-resources-only-limits.yaml', 'deployment-test-resources.yaml', 'statefulset-test-resources.yaml'].map((fixture) => ({ fixture, reason: LIMITS_ONLY })) },
  { suite: 'kube-score', check: 'Pod Probes', controls: ['HK-CP-009'], quirks: [
    ...['pod-probes-targeted-by-service-different-namespace.yaml', 'pod-probes-not-targeted-by-service.yaml', 'pod-probes-not-targeted-by-service-multi-labels.yaml']
      .map((fixture) => ({ fixture, reason: 'kube-score requires probes only of pods a Service in the same namespace selects; phiguard wants liveness and readiness on every long-running PHI container' })),
    { fixture: 'pod-probes-on-different-containers.yaml', reason: 'kube-score is satisfied when any container of the pod has probes; container foobar2 has none, and phiguard wants liveness and readiness on each long-running PHI container' },
  ] },
  // kube-score wants every pod selected by a policy covering ingress and egress: per-pod isolation is HK-NW-002/003.
  { suite: 'kube-score', check: 'Pod NetworkPolicy', controls: ['HK-NW-001', 'HK-NW-002', 'HK-NW-003'] },
  { suite: 'kube-score', check: 'NetworkPolicy targets Pod', controls: ['HK-NW-011'] },
  { suite: 'kube-score', check: 'Service Type', controls: ['HK-NW-008'], messages: ['nodePort'] },

  // badPods: the directory name is the ground truth
  { suite: 'badPods', check: 'priv', controls: [PS('03')] },
  { suite: 'badPods', check: 'hostpid', controls: [PS('04')], contains: 'hostPID', quirks: [{ fixture: HOSTIPC_DS, reason: BAD_PODS_FIXTURE }] },
  { suite: 'badPods', check: 'hostnetwork', controls: [PS('04')], contains: 'hostNetwork', quirks: [{ fixture: HOSTIPC_DS, reason: BAD_PODS_FIXTURE }] },
  { suite: 'badPods', check: 'hostipc', controls: [PS('04')], contains: 'hostIPC' },
  { suite: 'badPods', check: 'hostpath', controls: [PS('05')], messages: ['sensitive'], contains: 'host path /' },
];

/** badPods classes and the mappings each must raise; nothing-allowed must raise none of them. */
const BAD_PODS_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'everything-allowed': ['priv', 'hostpid', 'hostnetwork', 'hostipc', 'hostpath'],
  'priv-and-hostpid': ['priv', 'hostpid'],
  priv: ['priv'],
  hostpath: ['hostpath'],
  hostpid: ['hostpid'],
  hostnetwork: ['hostnetwork'],
  hostipc: ['hostipc'],
  'nothing-allowed': [],
};

export interface CaseResult {
  readonly fixture: string;
  readonly expected: boolean;
  readonly flagged: boolean;
  readonly quirk?: string;
}

export interface CheckScore {
  readonly suite: Suite;
  readonly check: string;
  readonly controls: readonly string[];
  readonly status: 'scored' | 'no-equivalent' | 'rule-not-built';
  readonly tp: number;
  readonly fn: number;
  readonly tn: number;
  readonly fp: number;
  /** Cases excluded as known peer quirks. */
  readonly excluded: number;
  readonly agreement: number | undefined;
  readonly disagreements: readonly CaseResult[];
  readonly note?: string;
}

export interface ScoreReport {
  readonly checks: readonly CheckScore[];
  readonly unmapped: readonly { readonly suite: Suite; readonly check: string }[];
  /** Quirks of scored checks that explained no disagreement in this run. */
  readonly staleQuirks: readonly { readonly suite: Suite; readonly check: string; readonly fixture: string }[];
  /** Totals per suite over its scored checks. */
  readonly suites: Readonly<Partial<Record<Suite, Totals>>>;
  readonly overall: Totals;
  readonly podSecurity: Totals;
}

export interface Totals {
  readonly tp: number; readonly fn: number; readonly tn: number; readonly fp: number;
  /** Disagreements set aside as documented peer quirks. */
  readonly excluded: number;
  readonly agreement: number | undefined;
  /** Agreement counting the quirks as disagreements. */
  readonly rawAgreement: number | undefined;
}

const SCORE_CONFIG: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-01-01T00:00:00Z' };

function messagePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '[\\s\\S]*?');
  return new RegExp(`^${escaped}$`);
}

/** Whether a finding counts for the mapping (right control, message id and text). */
function matcher(m: CheckMapping, rules: readonly Rule[]): (f: Finding | RelatedFinding) => boolean {
  const mapped = rules.filter((r) => m.controls.includes(r.meta.id));
  // A misspelt message id would silently match nothing and turn every failure fixture into a false negative.
  const unknown = (m.messages ?? []).filter((id) => !mapped.some((r) => r.meta.messages[id] !== undefined));
  if (unknown.length > 0) throw new Error(`${m.suite} ${m.check}: no rule of ${m.controls.join(',')} has message id(s) ${unknown.join(', ')}`);
  const patterns = m.messages
    ? mapped.flatMap((r) => m.messages!.map((id) => r.meta.messages[id]).filter((t): t is string => t !== undefined).map(messagePattern))
    : undefined;
  return (f) => m.controls.includes(f.control) &&
    (patterns === undefined || patterns.some((p) => p.test(f.message))) &&
    (m.contains === undefined || f.message.includes(m.contains));
}

/** Every finding with those folded into it (one root cause, several controls or resources): each counts for its control and resource. */
function scan(files: readonly { file: string; text: string }[], rules: readonly Rule[], config: ScanConfig = SCORE_CONFIG): (Finding | RelatedFinding)[] {
  return evaluateTexts(files, rules, config).findings.flatMap(partsOf);
}

function configOf(m: CheckMapping): ScanConfig {
  return m.config ? { ...SCORE_CONFIG, ...m.config } : SCORE_CONFIG;
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

function parseTsv(file: string): Record<string, string>[] {
  const [head = '', ...lines] = readText(file).split('\n').filter((l) => l.trim() !== '');
  const cols = head.split('\t');
  return lines.map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

type Cases = (m: CheckMapping, rules: readonly Rule[]) => CaseResult[];

function polarisCases(corpus: string): Cases {
  return (m, rules) => {
    const dir = path.join(corpus, 'polaris', 'test', 'checks', m.check);
    const match = matcher(m, rules);
    return listFiles(dir)
      .filter((f) => (f.startsWith('failure') || f.startsWith('success')) && f.endsWith('.yaml'))
      .map((f) => {
        const findings = scan([{ file: f, text: readText(path.join(dir, f)) }], rules, configOf(m));
        return { fixture: `${m.check}/${f}`, expected: f.startsWith('failure'), flagged: findings.some(match) };
      });
  };
}

function kyvernoCases(corpus: string): Cases {
  const root = path.join(corpus, 'kyverno-policies');
  const rows = parseTsv(path.join(root, 'EXPECTED_kyverno_test_results.tsv'))
    .filter((r) => !r['mutate_or_generate'] && (r['expected_result'] === 'pass' || r['expected_result'] === 'fail'));
  return (m, rules) => {
    const [policy, rule] = m.check.split('/');
    const mine = rows.filter((r) => r['policy'] === policy && (rule === undefined || r['rule'] === rule));
    const match = matcher(m, rules);
    const out: CaseResult[] = [];
    const byTest = new Map<string, Record<string, string>[]>();
    for (const r of mine) {
      const key = `${r['test_dir'] ?? ''}\t${r['resource_files(rel)'] ?? ''}`;
      byTest.set(key, [...(byTest.get(key) ?? []), r]);
    }
    for (const [key, testRows] of byTest) {
      const [testDir = '', rel = ''] = key.split('\t');
      const files = rel.split(',').filter(Boolean).map((f) => path.join(root, testDir, f)).filter(existsSync)
        .map((f) => ({ file: path.relative(root, f), text: readText(f) }));
      const findings = scan(files, rules, configOf(m)).filter(match);
      for (const r of testRows) {
        const name = r['resource_name'] ?? '';
        const kind = r['kind'] ?? '';
        const ns = r['namespace'] ?? '';
        const flagged = findings.some((f) => f.resource?.name === name && (!kind || f.resource.kind === kind) && (!ns || (f.resource.namespace ?? 'default') === ns));
        out.push({ fixture: `${testDir}: ${kind}/${name} (${r['rule']})`, expected: r['expected_result'] === 'fail', flagged });
      }
    }
    return out;
  };
}

function trivyCases(corpus: string): Cases {
  const root = path.join(corpus, 'trivy-checks');
  const rows = parseTsv(path.join(root, 'EXPECTED_trivy_good_bad.tsv'));
  return (m, rules) => {
    const match = matcher(m, rules);
    const out: CaseResult[] = [];
    for (const r of rows.filter((x) => x['check_id'] === m.check)) {
      const file = r['examples_file'] ?? '';
      const doc = yaml.load(readText(path.join(root, file))) as { kubernetes?: { good?: unknown[]; bad?: unknown[] } } | undefined;
      for (const [kind, list] of [['good', doc?.kubernetes?.good ?? []], ['bad', doc?.kubernetes?.bad ?? []]] as const) {
        list.forEach((snippet, i) => {
          const findings = scan([{ file: `${file}#${kind}${i}`, text: String(snippet) }], rules, configOf(m));
          out.push({ fixture: `${path.basename(file)} ${kind}[${i}]`, expected: kind === 'bad', flagged: findings.some(match) });
        });
      }
    }
    return out;
  };
}

/** Run configs whose effect phiguard reproduces: they only switch on kube-score's optional checks, which phiguard always runs. */
const KUBE_SCORE_EMULATED = /^(default|EnabledOptionalTests|UseOptionalChecksAnnotation)/;

function kubeScoreCases(corpus: string): Cases {
  const root = path.join(corpus, 'kube-score');
  const rows = parseTsv(path.join(root, 'EXPECTED_extracted_from_go_tests.tsv'));
  return (m, rules) => {
    const match = matcher(m, rules);
    return rows
      .filter((r) => r['check_name'] === m.check && (KUBE_SCORE_EMULATED.test(r['run_config'] ?? '') || (m.runConfig?.test(r['run_config'] ?? '') ?? false)) && /Grade(Critical|Warning|AllOK)/.test(r['expected_grade'] ?? ''))
      .map((r) => {
        const fixtures = (r['fixtures'] ?? '').split(',').map((f) => f.trim()).filter(Boolean);
        const files = fixtures.map((f) => path.join(root, 'score', 'testdata', f)).filter(existsSync)
          .map((f) => ({ file: path.basename(f), text: readText(f) }));
        const flagged = scan(files, rules, configOf(m)).some(match);
        return { fixture: `${fixtures.join(',')} (${r['expected_grade']})`, expected: (r['expected_grade'] ?? '') !== 'GradeAllOK', flagged };
      });
  };
}

function badPodsCases(corpus: string): Cases {
  const root = path.join(corpus, 'badPods', 'manifests');
  return (m, rules) => {
    const match = matcher(m, rules);
    const out: CaseResult[] = [];
    for (const [cls, expects] of Object.entries(BAD_PODS_CLASSES)) {
      const classDir = path.join(root, cls);
      for (const controller of listFiles(classDir)) {
        for (const f of listFiles(path.join(classDir, controller)).filter((x) => x.endsWith('.yaml'))) {
          const findings = scan([{ file: f, text: readText(path.join(classDir, controller, f)) }], rules, configOf(m));
          out.push({ fixture: `${cls}/${controller}/${f}`, expected: expects.includes(m.check), flagged: findings.some(match) });
        }
      }
    }
    return out;
  };
}

function ratio(t: { tp: number; fn: number; tn: number; fp: number }): number | undefined {
  const n = t.tp + t.fn + t.tn + t.fp;
  return n === 0 ? undefined : (t.tp + t.tn) / n;
}

function sum(scores: readonly CheckScore[]): Totals {
  const t = { tp: 0, fn: 0, tn: 0, fp: 0, excluded: 0 };
  for (const s of scores) { t.tp += s.tp; t.fn += s.fn; t.tn += s.tn; t.fp += s.fp; t.excluded += s.excluded; }
  const n = t.tp + t.fn + t.tn + t.fp + t.excluded;
  return { ...t, agreement: ratio(t), rawAgreement: n === 0 ? undefined : (t.tp + t.tn) / n };
}

/** Peer check ids present in the corpus that the table does not name. */
function unmappedChecks(corpus: string): { suite: Suite; check: string }[] {
  const named = new Set(MAPPINGS.map((m) => `${m.suite}\t${m.check.split('/')[0] ?? ''}`));
  const out: { suite: Suite; check: string }[] = [];
  for (const c of listFiles(path.join(corpus, 'polaris', 'test', 'checks'))) if (!named.has(`polaris\t${c}`)) out.push({ suite: 'polaris', check: c });
  const kyv = path.join(corpus, 'kyverno-policies', 'EXPECTED_kyverno_test_results.tsv');
  if (existsSync(kyv)) {
    const policies = new Set(parseTsv(kyv).filter((r) => /^(pod-security|best-practices)\//.test(r['test_dir'] ?? '') && !r['mutate_or_generate']).map((r) => r['policy'] ?? ''));
    for (const p of [...policies].sort()) if (!named.has(`kyverno\t${p}`)) out.push({ suite: 'kyverno', check: p });
  }
  const trivy = path.join(corpus, 'trivy-checks', 'EXPECTED_trivy_good_bad.tsv');
  if (existsSync(trivy)) for (const r of parseTsv(trivy)) if (!named.has(`trivy\t${r['check_id'] ?? ''}`)) out.push({ suite: 'trivy', check: r['check_id'] ?? '' });
  const ks = path.join(corpus, 'kube-score', 'EXPECTED_extracted_from_go_tests.tsv');
  if (existsSync(ks)) {
    for (const c of new Set(parseTsv(ks).map((r) => r['check_name'] ?? ''))) if (!named.has(`kube-score\t${c}`)) out.push({ suite: 'kube-score', check: c });
  }
  return out;
}

/** Scores every mapping of the chosen suites with the real engine, running only the mapped rules. */
export function scoreCorpus(corpus: string, rules: readonly Rule[] = RULES, suites: readonly Suite[] = SUITES,
  mappings: readonly CheckMapping[] = MAPPINGS): ScoreReport {
  const runners: Record<Suite, Cases> = {
    polaris: polarisCases(corpus),
    kyverno: kyvernoCases(corpus),
    trivy: trivyCases(corpus),
    'kube-score': kubeScoreCases(corpus),
    badPods: badPodsCases(corpus),
  };
  const checks: CheckScore[] = [];
  const staleQuirks: { suite: Suite; check: string; fixture: string }[] = [];
  for (const m of mappings.filter((x) => suites.includes(x.suite))) {
    const base = { suite: m.suite, check: m.check, controls: m.controls, tp: 0, fn: 0, tn: 0, fp: 0, excluded: 0, agreement: undefined, disagreements: [], ...(m.note ? { note: m.note } : {}) };
    if (m.controls.length === 0) { checks.push({ ...base, status: 'no-equivalent' }); continue; }
    const mapped = rules.filter((r) => m.controls.includes(r.meta.id));
    if (mapped.length === 0) { checks.push({ ...base, status: 'rule-not-built' }); continue; }
    const t = { tp: 0, fn: 0, tn: 0, fp: 0 };
    let excluded = 0;
    const disagreements: CaseResult[] = [];
    const usedQuirks = new Set<string>();
    for (const c of runners[m.suite](m, mapped)) {
      const quirk = m.quirks?.find((q) => c.fixture.includes(q.fixture));
      if (quirk && c.expected !== c.flagged) { excluded++; usedQuirks.add(quirk.fixture); disagreements.push({ ...c, quirk: quirk.reason }); continue; }
      if (c.expected && c.flagged) t.tp++;
      else if (c.expected) { t.fn++; disagreements.push(c); }
      else if (c.flagged) { t.fp++; disagreements.push(c); }
      else t.tn++;
    }
    // A quirk that no longer explains a disagreement (fixture renamed, rule changed) must go, or it documents nothing.
    for (const q of m.quirks ?? []) if (!usedQuirks.has(q.fixture)) staleQuirks.push({ suite: m.suite, check: m.check, fixture: q.fixture });
    checks.push({ ...base, ...t, status: 'scored', excluded, agreement: ratio(t), disagreements });
  }
  const scored = checks.filter((c) => c.status === 'scored');
  return {
    checks,
    unmapped: unmappedChecks(corpus).filter((u) => suites.includes(u.suite)),
    staleQuirks,
    suites: Object.fromEntries(suites.map((s) => [s, sum(scored.filter((c) => c.suite === s))])),
    overall: sum(scored),
    podSecurity: sum(scored.filter((c) => c.controls.every((id) => id.startsWith('HK-PS-')))),
  };
}

function pct(a: number | undefined): string {
  return a === undefined ? '—' : `${(a * 100).toFixed(1)}%`;
}

export function formatReport(r: ScoreReport): string {
  const lines: string[] = [];
  for (const suite of SUITES) {
    const rows = r.checks.filter((c) => c.suite === suite);
    if (rows.length === 0) continue;
    lines.push('', `## ${suite}`, '', 'check | controls | TP | FN | TN | FP | excluded | agreement', '---|---|---|---|---|---|---|---');
    for (const c of rows.filter((x) => x.status === 'scored')) {
      lines.push(`${c.check} | ${c.controls.join(',')} | ${c.tp} | ${c.fn} | ${c.tn} | ${c.fp} | ${c.excluded} | ${pct(c.agreement)}`);
    }
    const st = sum(rows.filter((x) => x.status === 'scored'));
    lines.push(`**suite total** | | ${st.tp} | ${st.fn} | ${st.tn} | ${st.fp} | ${st.excluded} | ${pct(st.agreement)} (${pct(st.rawAgreement)} counting quirks)`);
    const notBuilt = rows.filter((c) => c.status === 'rule-not-built');
    if (notBuilt.length) lines.push('', `mapped, rule not built yet: ${notBuilt.map((c) => `${c.check} → ${c.controls.join(',')}`).join('; ')}`);
    const none = rows.filter((c) => c.status === 'no-equivalent');
    if (none.length) lines.push('', 'no equivalent:', ...none.map((c) => `  - ${c.check}: ${c.note ?? ''}`));
    const dis = rows.flatMap((c) => c.disagreements.map((d) => `  - ${c.check}: ${d.fixture}: expected ${d.expected ? 'flagged' : 'clean'}, got ${d.flagged ? 'flagged' : 'clean'}${d.quirk ? ` (known peer quirk: ${d.quirk})` : ''}`));
    if (dis.length) lines.push('', 'disagreements:', ...dis);
  }
  if (r.unmapped.length) lines.push('', '## unmapped peer checks', ...r.unmapped.map((u) => `  - ${u.suite}: ${u.check}`));
  if (r.staleQuirks.length) lines.push('', '## stale quirks (explain no disagreement; remove them)', ...r.staleQuirks.map((q) => `  - ${q.suite} ${q.check}: ${q.fixture}`));
  const line = (t: Totals): string =>
    `${pct(t.agreement)} (TP ${t.tp}, FN ${t.fn}, TN ${t.tn}, FP ${t.fp}; ${t.excluded} documented peer quirks set aside, ${pct(t.rawAgreement)} counting them)`;
  lines.push('');
  for (const [suite, t] of Object.entries(r.suites)) lines.push(`${suite} agreement: ${line(t)}`);
  lines.push(`pod-security agreement: ${line(r.podSecurity)}`);
  lines.push(`overall agreement on mapped, built checks: ${line(r.overall)}`);
  return lines.join('\n');
}

function main(argv: readonly string[]): number {
  const json = argv.includes('--json');
  const i = argv.indexOf('--corpus');
  // build/scripts/score-corpus.js → the repository root is two levels up, and the corpus sits beside the repository.
  const corpus = i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1] ?? '')
    : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus');
  if (!existsSync(path.join(corpus, 'INVENTORY.md'))) {
    process.stderr.write(`score-corpus: no corpus at ${corpus} (pass --corpus DIR)\n`);
    return 2;
  }
  const report = scoreCorpus(corpus);
  process.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report) + '\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
