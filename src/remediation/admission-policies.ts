import yaml from 'js-yaml';
import { requireControl } from '../catalog/index.js';
import { RESTRICTED_VOLUME_TYPES } from '../rules/pod-security/restricted-volume-types.js';
import { BASELINE_CAPABILITIES, DANGEROUS_CAPABILITIES } from '../rules/pod-security/restrict-capabilities.js';
import { APPARMOR_ANNOTATION, SAFE_SELINUX_TYPES, SAFE_SYSCTLS } from '../rules/pod-security/baseline-restrictions.js';

/** A control as one CEL validation over one object: true admits it. */
export interface CelControl {
  readonly id: string;
  readonly slug: string;
  /** CEL that is true when the object passes the control. `variables.*` are the shared ones below. */
  readonly expression: string;
  /** What the denial says after the control id and citation (a CEL string expression). */
  readonly message: string;
}

/** A control no single CEL expression over the admitted object can decide, with why. */
export interface InexpressibleControl {
  readonly id: string;
  readonly why: string;
}

const str = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (xs: Iterable<string>): string => `[${[...xs].sort().map(str).join(', ')}]`;

/** The pod template's spec, metadata annotations and containers, whatever the workload kind (as in phiguard's inventory). */
export const WORKLOAD_VARIABLES: readonly { readonly name: string; readonly expression: string }[] = [
  { name: 'template', expression: "object.kind == 'Pod' ? object : (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template : (object.kind == 'PodTemplate' ? object.template : object.spec.template))" },
  { name: 'spec', expression: 'variables.template.spec' },
  { name: 'annotations', expression: "has(variables.template.metadata) && has(variables.template.metadata.annotations) ? variables.template.metadata.annotations : {}" },
  { name: 'containers', expression: '(has(variables.spec.containers) ? variables.spec.containers : []) + (has(variables.spec.initContainers) ? variables.spec.initContainers : []) + (has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : [])' },
  { name: 'windows', expression: "has(variables.spec.os) && has(variables.spec.os.name) && variables.spec.os.name == 'windows'" },
  { name: 'podSeccomp', expression: "has(variables.spec.securityContext) && has(variables.spec.securityContext.seccompProfile) ? (has(variables.spec.securityContext.seccompProfile.type) && variables.spec.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost'] ? 'confined' : 'open') : ('seccomp.security.alpha.kubernetes.io/pod' in variables.annotations ? (variables.annotations['seccomp.security.alpha.kubernetes.io/pod'] in ['runtime/default', 'docker/default'] || variables.annotations['seccomp.security.alpha.kubernetes.io/pod'].startsWith('localhost/') ? 'confined' : 'open') : 'none')" },
];

/** The resources whose pod templates the policies judge (phiguard's workload kinds that Kubernetes itself serves). */
export const WORKLOAD_RESOURCE_RULES = [
  { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'podtemplates', 'replicationcontrollers'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
  { apiGroups: ['apps.openshift.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deploymentconfigs'] },
];

/** Kinds those resource rules admit, for tests that judge parsed manifests. */
export const WORKLOAD_KINDS_MATCHED: readonly string[] = ['Pod', 'PodTemplate', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'DeploymentConfig'];

/** Every volume source of the Kubernetes API outside the restricted set. */
const NON_RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo',
  'glusterfs', 'hostPath', 'image', 'iscsi', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
].filter((t) => !RESTRICTED_VOLUME_TYPES.has(t));

const sc = (c: string, field: string): string => `has(${c}.securityContext) && has(${c}.securityContext.${field})`;
const canon = (v: string): string => `(${v}.trim().upperAscii().startsWith('CAP_') ? ${v}.trim().upperAscii().substring(4) : ${v}.trim().upperAscii())`;
const annotationConfined = (v: string): string => `(${v} in ['runtime/default', 'docker/default'] || ${v}.startsWith('localhost/'))`;
/** SELinux, AppArmor and hostProcess settings of one securityContext `x` (pod or container), as HK-PS-012 reads them. */
const contextOk = (x: string): string => `(!has(${x}.seLinuxOptions) || ((!has(${x}.seLinuxOptions.type) || ${x}.seLinuxOptions.type in ${list(SAFE_SELINUX_TYPES)})`
  + ` && (!has(${x}.seLinuxOptions.user) || ${x}.seLinuxOptions.user == '') && (!has(${x}.seLinuxOptions.role) || ${x}.seLinuxOptions.role == '')))`
  + ` && (!has(${x}.appArmorProfile) || !has(${x}.appArmorProfile.type) || ${x}.appArmorProfile.type in ['Localhost', 'RuntimeDefault'])`
  + ` && !(has(${x}.windowsOptions) && has(${x}.windowsOptions.hostProcess) && ${x}.windowsOptions.hostProcess == true)`;
const containerAnnotation = (c: string): string => `'container.seccomp.security.alpha.kubernetes.io/' + ${c}.name`;

export const CEL_CONTROLS: readonly CelControl[] = [
  {
    id: 'HK-PS-003', slug: 'no-privileged-containers',
    expression: `variables.containers.all(c, !(${sc('c', 'privileged')} && c.securityContext.privileged == true))`,
    message: "'a container sets securityContext.privileged: true'",
  },
  {
    id: 'HK-PS-004', slug: 'no-host-namespaces',
    expression: ['hostNetwork', 'hostPID', 'hostIPC'].map((f) => `!(has(variables.spec.${f}) && variables.spec.${f} == true)`).join(' && '),
    message: "'the pod shares a host namespace (hostNetwork, hostPID or hostIPC)'",
  },
  {
    id: 'HK-PS-005', slug: 'no-host-path-volumes',
    expression: '!has(variables.spec.volumes) || variables.spec.volumes.all(v, !has(v.hostPath))',
    message: "'the pod mounts a hostPath volume'",
  },
  {
    id: 'HK-PS-006', slug: 'no-host-ports',
    expression: 'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))',
    message: "'a container binds a hostPort'",
  },
  {
    id: 'HK-PS-007', slug: 'restrict-capabilities',
    // Windows pods keep the baseline capabilities and need not drop any (Pod Security exempts them).
    expression: `variables.containers.all(c, (!(${sc('c', 'capabilities')}) || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(a, a == 'NET_BIND_SERVICE' || (variables.windows && ${canon('a')} in ${list([...BASELINE_CAPABILITIES].filter((x) => !DANGEROUS_CAPABILITIES.has(x)))})))`
      + ` && (variables.windows || (${sc('c', 'capabilities')} && has(c.securityContext.capabilities.drop) && c.securityContext.capabilities.drop.exists(d, ${canon('d')} == 'ALL'))))`,
    message: "'a container does not drop ALL capabilities, or adds one beyond NET_BIND_SERVICE'",
  },
  {
    id: 'HK-PS-008', slug: 'run-as-non-root',
    expression: `!(${sc('variables.spec', 'runAsUser')} && variables.spec.securityContext.runAsUser == 0) && variables.containers.all(c, !(${sc('c', 'runAsUser')} && c.securityContext.runAsUser == 0)`
      + ` && (${sc('c', 'runAsNonRoot')} ? c.securityContext.runAsNonRoot == true : (${sc('variables.spec', 'runAsNonRoot')} && variables.spec.securityContext.runAsNonRoot == true)))`,
    message: "'a container may run as root (runAsNonRoot is not true, or runAsUser is 0)'",
  },
  {
    id: 'HK-PS-009', slug: 'no-privilege-escalation',
    expression: `variables.windows || variables.containers.all(c, has(c.securityContext) && !(${sc('c', 'privileged')} && c.securityContext.privileged == true)`
      + ` && !(${sc('c', 'capabilities')} && has(c.securityContext.capabilities.add) && c.securityContext.capabilities.add.exists(a, ${canon('a')} == 'SYS_ADMIN'))`
      + ' && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)',
    message: "'a container does not set allowPrivilegeEscalation: false'",
  },
  {
    id: 'HK-PS-010', slug: 'read-only-root-filesystem',
    expression: `variables.containers.all(c, ${sc('c', 'readOnlyRootFilesystem')} && c.securityContext.readOnlyRootFilesystem == true)`,
    message: "'a container does not set readOnlyRootFilesystem: true'",
  },
  {
    id: 'HK-PS-011', slug: 'seccomp-profile',
    expression: "variables.podSeccomp != 'open' && variables.containers.all(c, "
      + `${sc('c', 'seccompProfile')} ? (has(c.securityContext.seccompProfile.type) && c.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost'])`
      + ` : (${containerAnnotation('c')} in variables.annotations ? ${annotationConfined(`variables.annotations[${containerAnnotation('c')}]`)} : (variables.podSeccomp != 'none' || variables.windows)))`,
    message: "'the pod or a container runs without a RuntimeDefault or Localhost seccomp profile'",
  },
  {
    id: 'HK-PS-012', slug: 'baseline-restrictions',
    expression: `(!has(variables.spec.securityContext) || (${contextOk('variables.spec.securityContext')}`
      + ` && (!has(variables.spec.securityContext.sysctls) || variables.spec.securityContext.sysctls.all(s, has(s.name) && s.name in ${list(SAFE_SYSCTLS)}))))`
      + ` && variables.annotations.all(k, !k.startsWith(${str(APPARMOR_ANNOTATION)}) || variables.annotations[k] == 'runtime/default' || variables.annotations[k].startsWith('localhost/'))`
      + ` && variables.containers.all(c, !has(c.securityContext) || (${contextOk('c.securityContext')} && (!has(c.securityContext.procMount) || c.securityContext.procMount == 'Default')))`,
    message: "'the pod loosens a Pod Security baseline setting (SELinux, AppArmor, sysctls, procMount or hostProcess)'",
  },
  {
    id: 'HK-IN-001', slug: 'mutable-image-tags',
    // As phiguard reads image references: a digest pins it; a colon after the last slash starts the tag.
    expression: "variables.containers.all(c, !has(c.image) || c.image.trim() == '' || c.image.trim().matches('\\\\s') || c.image.contains('@') || c.image.trim().startsWith(':')"
      + " || (c.image.trim().lastIndexOf(':') > c.image.trim().lastIndexOf('/') && c.image.trim().substring(c.image.trim().lastIndexOf(':') + 1).lowerAscii() != 'latest'))",
    message: "'a container image has no tag or the mutable :latest tag, and no digest'",
  },
  {
    id: 'HK-PS-013', slug: 'restricted-volume-types',
    // Typed CEL cannot list an object's fields, so the sources outside the restricted set are named one by one.
    expression: `!has(variables.spec.volumes) || variables.spec.volumes.all(v, ${NON_RESTRICTED_VOLUME_TYPES.map((t) => `!has(v.${t})`).join(' && ')})`,
    message: "'a volume uses a source outside the restricted set'",
  },
];

export const INEXPRESSIBLE: readonly InexpressibleControl[] = [
  { id: 'HK-PS-001', why: 'PHI scope is decided from the configuration (namespace names and patterns, labels, annotations), which a policy cannot read; the label-only part is what `generate baseline` writes' },
  { id: 'HK-IN-002', why: 'applies to PHI workloads only, and PHI scope comes from the configuration as well as labels' },
  { id: 'HK-IN-003', why: 'the allowed registries are configuration; a params resource could carry them, but the image-reference normalisation (Docker Hub aliases, library/) is phiguard\'s own' },
  { id: 'HK-AC-010, HK-AC-011', why: 'whether a pod needs its token depends on the RoleBindings and ServiceAccounts around it: other objects' },
  { id: 'HK-AV-001', why: 'a LimitRange in the namespace can supply the requests and limits: another object' },
  { id: 'HK-AV-002, HK-CP-007, HK-CP-008', why: 'quotas, disruption budgets and replica spread are judged across objects (ResourceQuota, PodDisruptionBudget, HPA)' },
  { id: 'HK-CP-009', why: 'applies to PHI workloads only (scope from the configuration), and skips pods owned by Jobs, which the admitted object alone does not always say' },
  { id: 'HK-SE-001, HK-SE-002', why: 'secret detection uses entropy scoring and a detector set beyond CEL\'s cost budget' },
  { id: 'HK-NW-*, HK-AC-* (RBAC), HK-TX-001/002/006, HK-CP-001..006', why: 'reachability, effective RBAC permissions, exposure and backup coverage are models over many objects' },
  { id: 'control-plane and node controls (HK-AU-*, HK-EN-*, HK-ID-*, kubelet and API server flags)', why: 'they read node files and component flags, which are not admitted API objects' },
];

function policyName(c: CelControl): string {
  return `phiguard-${c.id.toLowerCase()}-${c.slug}`;
}

/** The denial text: the control id and its HIPAA citations, then what is wrong, then the object. */
export function messageExpression(c: CelControl): string {
  const control = requireControl(c.id);
  const cite = control.hipaa.map((h) => `45 CFR ${h}`).join(', ');
  return `${str(`${c.id} (${cite}) ${control.title}: `)} + ${c.message} + ' in ' + object.kind + ' ' + (has(object.metadata.name) ? object.metadata.name : '(generated name)')`;
}

export interface AdmissionPolicyOptions {
  /** Label that marks PHI namespaces (Deny there; Warn and Audit elsewhere). */
  readonly phiLabel: { readonly key: string; readonly value: string };
}

const SYSTEM = { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-public', 'kube-node-lease'] };

/** ValidatingAdmissionPolicy and binding objects (admissionregistration.k8s.io/v1) for every control in CEL_CONTROLS. Pure. */
export function admissionPolicyObjects(o: AdmissionPolicyOptions): Record<string, unknown>[] {
  const labels = { 'app.kubernetes.io/part-of': 'phiguard' };
  return CEL_CONTROLS.flatMap((c) => {
    const name = policyName(c);
    const control = requireControl(c.id);
    const annotations = { 'phiguard.dev/control': c.id, 'phiguard.dev/hipaa': control.hipaa.join(' ') };
    const binding = (suffix: string, actions: string[], operator: 'In' | 'NotIn'): Record<string, unknown> => ({
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: `${name}-${suffix}`, labels, annotations },
      spec: { policyName: name, validationActions: actions,
        matchResources: { namespaceSelector: { matchExpressions: [SYSTEM, { key: o.phiLabel.key, operator, values: [o.phiLabel.value] }] } } },
    });
    return [
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels, annotations },
        spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: WORKLOAD_RESOURCE_RULES },
          variables: WORKLOAD_VARIABLES, validations: [{ expression: c.expression, messageExpression: messageExpression(c), reason: 'Forbidden' }] } },
      binding('phi', ['Deny'], 'In'),
      // Outside PHI namespaces the same checks warn the user and land in the audit log, and reject nothing.
      binding('other', ['Warn', 'Audit'], 'NotIn'),
    ];
  });
}

export function admissionPolicies(o: AdmissionPolicyOptions): string {
  const header = `# phiguard admission policies: ${CEL_CONTROLS.length} controls as ValidatingAdmissionPolicy (Kubernetes 1.30+), no webhook needed.\n`
    + `# Deny in namespaces labelled ${o.phiLabel.key}=${o.phiLabel.value}; Warn and Audit elsewhere. See docs/remediation.md.\n`;
  return header + admissionPolicyObjects(o).map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n');
}
