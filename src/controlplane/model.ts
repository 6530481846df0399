import type { Inventory } from '../core/inventory.js';
import type { KubeResource } from '../core/resource.js';
import { apiGroupOf, asArray, asObject, asString, labelsOf } from '../core/resource.js';
import type { RuleContext } from '../core/rule.js';
import type { ArgToken, Flag } from './flags.js';
import { parseFlags } from './flags.js';
import { resourcesAtPath } from './file-match.js';

export const STATIC_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;
export type ComponentName = (typeof STATIC_COMPONENTS)[number];

/** A control-plane component read from its static Pod manifest. */
export interface StaticComponent {
  readonly name: ComponentName;
  readonly resource: KubeResource;
  readonly flags: ReadonlyMap<string, Flag>;
  /** Where to point when a flag is missing: the command (or args) array of the container. */
  readonly anchor: string;
}

/** One node's kubelet: its KubeletConfiguration and the flags files that override it. */
export interface Kubelet {
  readonly config?: KubeResource;
  /** The flags file that sets the last word, for pointing at missing flags. */
  readonly flagsResource?: KubeResource;
  readonly flags: ReadonlyMap<string, Flag & { readonly resource: KubeResource }>;
  /** --config names a file that was not given. */
  readonly missingConfig?: string;
}

export interface ControlPlaneModel {
  readonly components: ReadonlyMap<ComponentName, readonly StaticComponent[]>;
  readonly kubelets: readonly Kubelet[];
  readonly encryptionConfigs: readonly KubeResource[];
  readonly auditPolicies: readonly KubeResource[];
  readonly admissionConfigs: readonly KubeResource[];
  readonly authenticationConfigs: readonly KubeResource[];
  readonly authorizationConfigs: readonly KubeResource[];
  readonly kubeconfigs: readonly KubeResource[];
  readonly certificates: readonly KubeResource[];
  /** The resources of `kind` in the file a flag names, or the path to ask for when that file was not given. */
  fileOf(flag: Flag, kind: string): { readonly resources: readonly KubeResource[] } | { readonly missing: string };
}

const COMPONENT_SET: ReadonlySet<string> = new Set(STATIC_COMPONENTS);

function basename(p: string): string {
  const parts = p.split('/');
  return parts[parts.length - 1] ?? p;
}

function componentOfContainer(c: Record<string, unknown>, podLabel: string | undefined): ComponentName | undefined {
  const command = asArray(c['command']).map((t) => asString(t) ?? '');
  let bin = basename(command[0] ?? '');
  if (bin === 'hyperkube') bin = command[1] ?? '';
  if (COMPONENT_SET.has(bin)) return bin as ComponentName;
  const name = asString(c['name']) ?? '';
  if (COMPONENT_SET.has(name)) return name as ComponentName;
  if (podLabel && COMPONENT_SET.has(podLabel)) return podLabel as ComponentName;
  return undefined;
}

function staticComponentsOf(pod: KubeResource): StaticComponent[] {
  const out: StaticComponent[] = [];
  if (pod.ref.namespace !== undefined && pod.ref.namespace !== 'kube-system') return out;
  const labels = labelsOf(pod);
  const spec = asObject(pod.object['spec']);
  asArray(spec?.['containers']).forEach((raw, i) => {
    const c = asObject(raw);
    if (!c) return;
    const name = componentOfContainer(c, labels['component'] ?? labels['k8s-app']);
    if (!name) return;
    const base = `/spec/containers/${i}`;
    const tokens: ArgToken[] = [];
    const command = asArray(c['command']);
    const skip = basename(asString(command[0]) ?? '') === 'hyperkube' ? 2 : 1;
    command.forEach((t, j) => { if (j >= skip && typeof t === 'string') tokens.push({ text: t, path: `${base}/command/${j}` }); });
    asArray(c['args']).forEach((t, j) => { if (typeof t === 'string') tokens.push({ text: t, path: `${base}/args/${j}` }); });
    const anchor = c['args'] !== undefined && command.length <= skip ? `${base}/args` : c['command'] !== undefined ? `${base}/command` : base;
    out.push({ name, resource: pod, flags: parseFlags(tokens), anchor });
  });
  return out;
}

function isGroup(r: KubeResource, group: string): boolean {
  return apiGroupOf(r.ref.apiVersion) === group;
}

/** Flags files of one node are merged in the order systemd applies them; later files win. */
const FLAG_SOURCE_ORDER: Readonly<Record<string, number>> = { 'systemd-dropin': 0, 'kubeadm-flags': 1, 'default-kubelet': 2 };

function nodeRoot(file: string): string {
  const f = '/' + file.replace(/\\/g, '/');
  const i = ['/etc/', '/var/lib/', '/usr/lib/', '/lib/systemd/', '/run/'].map((d) => f.indexOf(d)).filter((x) => x >= 0).sort((a, b) => a - b)[0];
  if (i !== undefined) return f.slice(0, i);
  const j = f.lastIndexOf('/');
  return j < 0 ? '' : f.slice(0, j);
}

function buildKubelets(inventory: Inventory): Kubelet[] {
  const configs = inventory.ofKind('KubeletConfiguration');
  const flagFiles = inventory.ofKind('KubeletFlags');
  const byRoot = new Map<string, KubeResource[]>();
  for (const f of flagFiles) {
    const root = nodeRoot(f.origin.file);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(f);
  }
  const claimed = new Set<KubeResource>();
  const out: Kubelet[] = [];
  for (const files of byRoot.values()) {
    files.sort((a, b) => (FLAG_SOURCE_ORDER[asString(a.object['source']) ?? ''] ?? 1) - (FLAG_SOURCE_ORDER[asString(b.object['source']) ?? ''] ?? 1));
    const flags = new Map<string, Flag & { resource: KubeResource }>();
    for (const f of files) {
      const tokens = asArray(f.object['args']).map((t, i) => ({ text: asString(t) ?? '', path: `/args/${i}` }));
      for (const [k, v] of parseFlags(tokens)) flags.set(k, { ...v, resource: f });
    }
    const configFlag = flags.get('config');
    let config: KubeResource | undefined;
    let missingConfig: string | undefined;
    if (configFlag) {
      config = resourcesAtPath(configFlag.value, configs)[0];
      if (config) claimed.add(config);
      else missingConfig = configFlag.value;
    }
    const last = files[files.length - 1];
    out.push({ ...(config ? { config } : {}), ...(last ? { flagsResource: last } : {}), flags, ...(missingConfig ? { missingConfig } : {}) });
  }
  for (const c of configs) if (!claimed.has(c)) out.push({ config: c, flags: new Map() });
  return out;
}

export function buildControlPlaneModel(inventory: Inventory): ControlPlaneModel {
  const components = new Map<ComponentName, StaticComponent[]>(STATIC_COMPONENTS.map((n) => [n, []]));
  for (const pod of inventory.ofKind('Pod')) for (const c of staticComponentsOf(pod)) components.get(c.name)?.push(c);
  const ofGroup = (kind: string, ...groups: string[]): KubeResource[] => inventory.ofKind(kind).filter((r) => groups.some((g) => isGroup(r, g)));
  const byKind: Record<string, KubeResource[]> = {
    EncryptionConfiguration: ofGroup('EncryptionConfiguration', 'apiserver.config.k8s.io'),
    Policy: ofGroup('Policy', 'audit.k8s.io'),
    AdmissionConfiguration: ofGroup('AdmissionConfiguration', 'apiserver.config.k8s.io', 'apiserver.k8s.io'),
    PodSecurityConfiguration: ofGroup('PodSecurityConfiguration', 'pod-security.admission.config.k8s.io'),
    AuthenticationConfiguration: ofGroup('AuthenticationConfiguration', 'apiserver.config.k8s.io'),
    AuthorizationConfiguration: ofGroup('AuthorizationConfiguration', 'apiserver.config.k8s.io'),
    Config: inventory.ofKind('Config').filter((r) => r.ref.apiVersion === 'v1' || r.ref.apiVersion === ''),
    KubeletConfiguration: ofGroup('KubeletConfiguration', 'kubelet.config.k8s.io'),
  };
  return {
    components,
    kubelets: buildKubelets(inventory),
    encryptionConfigs: byKind['EncryptionConfiguration'] ?? [],
    auditPolicies: byKind['Policy'] ?? [],
    admissionConfigs: byKind['AdmissionConfiguration'] ?? [],
    authenticationConfigs: byKind['AuthenticationConfiguration'] ?? [],
    authorizationConfigs: byKind['AuthorizationConfiguration'] ?? [],
    kubeconfigs: byKind['Config'] ?? [],
    certificates: inventory.ofKind('PemCertificate'),
    fileOf(flag, kind) {
      const resources = resourcesAtPath(flag.value, byKind[kind] ?? []);
      return resources.length > 0 ? { resources } : { missing: flag.value };
    },
  };
}

/** The scan's control-plane model, built once and shared by every control-plane rule. */
export function controlPlaneOf(context: RuleContext): ControlPlaneModel {
  return context.models.get('control-plane', () => buildControlPlaneModel(context.inventory));
}

const PROVIDER_NAMES: Readonly<Record<string, string>> = { eks: 'Amazon EKS', gke: 'Google GKE', aks: 'Azure AKS' };

export function providerName(p: string): string {
  return PROVIDER_NAMES[p] ?? p;
}

/**
 * The static-Pod components a rule evaluates. With none in the input the rule stays not-evaluated, or is
 * not-applicable when a managed provider runs the control plane.
 */
export function componentsFor(context: RuleContext, name: ComponentName, providerReason?: string): readonly StaticComponent[] {
  const list = controlPlaneOf(context).components.get(name) ?? [];
  if (list.length > 0) {
    context.markEvaluated();
    return list;
  }
  const p = context.config.provider;
  if (p) context.notApplicable(`provider-managed: ${providerName(p)} runs ${name}${providerReason ? '; ' + providerReason : ''}`);
  return [];
}

/** Reports "give <path>" for a flag whose file was not scanned. */
export function askForFile(context: RuleContext, component: string, flag: Flag, what: string): void {
  context.notEvaluated?.(`not evaluated: ${component} ${'--' + flag.name}=${flag.value} names ${what} that was not given; give ${flag.value}`);
}
