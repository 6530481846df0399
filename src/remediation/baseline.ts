import yaml from 'js-yaml';
import type { ScanConfig } from '../core/config.js';
import type { Inventory } from '../core/inventory.js';
import type { JsonObject } from '../core/resource.js';
import { asArray, asObject, asString, labelsOf, annotationsOf, stringMap } from '../core/resource.js';
import { buildNetworkModel } from '../analysis/network/model.js';
import type { PodEndpoint } from '../analysis/network/model.js';
import { buildMeshModel } from '../analysis/exposure/mesh.js';
import { buildExposureModel } from '../analysis/exposure/model.js';
import type { ServicePort } from '../analysis/exposure/model.js';

export interface BaselineOptions {
  readonly namespace: string;
  readonly config: ScanConfig;
  /** RFC 3339 time the break-glass template's expiry is counted from. */
  readonly now: string;
  /** Label that declares PHI scope (the catalog's phiguard.dev/scope=phi). */
  readonly phiLabel?: { readonly key: string; readonly value: string };
}

export interface Baseline {
  readonly objects: readonly JsonObject[];
  /** What the user still has to do by hand (workloads to point at their new ServiceAccount, and so on). */
  readonly notes: readonly string[];
}

/** Controls whose findings the baseline settles for its namespace, for the docs and the tests. */
export const BASELINE_CONTROLS: readonly string[] = ['HK-PS-001', 'HK-NW-001', 'HK-NW-002', 'HK-NW-003', 'HK-NW-004', 'HK-AV-002', 'HK-CP-001', 'HK-CP-002', 'HK-CP-004', 'HK-EA-001', 'HK-EA-002', 'HK-GV-001'];

const PSA = 'pod-security.kubernetes.io/';
const LABELS = { 'app.kubernetes.io/managed-by': 'phiguard', 'phiguard.dev/baseline': 'true' };
/** The break-glass binding is a template: valid for this long after it is generated, then HK-EA-002 flags it. */
const BREAK_GLASS_HOURS = 8;

type PortEntry = { readonly port: number | string; readonly protocol: string };

function policyPorts(ports: readonly ServicePort[]): PortEntry[] {
  const seen = new Set<string>();
  const out: PortEntry[] = [];
  for (const p of ports) {
    const key = `${String(p.targetPort)}/${p.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ port: p.targetPort, protocol: p.protocol });
  }
  return out;
}

function dnsLabel(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, 50).replace(/-+$/, '') || 'x';
}

function selectorOf(selector: Readonly<Record<string, string>>): JsonObject {
  return { matchLabels: { ...selector } };
}

/** Service accounts some RoleBinding or ClusterRoleBinding names: their pods call the API server. */
function boundServiceAccounts(inventory: Inventory, ns: string): Set<string> {
  const out = new Set<string>();
  for (const b of inventory.ofKind('RoleBinding', 'ClusterRoleBinding')) {
    for (const raw of asArray(b.object['subjects'])) {
      const s = asObject(raw);
      if (asString(s?.['kind']) !== 'ServiceAccount') continue;
      const sns = asString(s?.['namespace']) ?? (b.ref.kind === 'RoleBinding' ? inventory.scope.namespaceOf(b) : undefined);
      if (sns === ns && asString(s?.['name'])) out.add(asString(s?.['name']) ?? '');
    }
  }
  return out;
}

function netpol(ns: string, name: string, spec: JsonObject, description: string): JsonObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns, labels: LABELS, annotations: { 'phiguard.dev/purpose': description } }, spec };
}

/**
 * The hardening baseline for one PHI namespace, computed from the manifests around it with the network and exposure
 * models: default deny both ways, DNS, and exactly the flows its Services, Ingresses and zones imply. Pure.
 */
export function buildBaseline(inventory: Inventory, o: BaselineOptions): Baseline {
  const ns = o.namespace;
  const label = o.phiLabel ?? { key: 'phiguard.dev/scope', value: 'phi' };
  const network = buildNetworkModel(inventory);
  const exposure = buildExposureModel(inventory, network, buildMeshModel(inventory));
  const objects: JsonObject[] = [];
  const notes: string[] = [];

  const existing = inventory.ofKind('Namespace').find((n) => n.ref.name === ns);
  const keptLabels = existing ? labelsOf(existing) : {};
  const keptAnnotations = existing ? annotationsOf(existing) : {};
  objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns,
    labels: { ...keptLabels, [label.key]: label.value, [PSA + 'enforce']: 'restricted', [PSA + 'enforce-version']: 'latest', [PSA + 'audit']: 'restricted', [PSA + 'warn']: 'restricted' },
    ...(Object.keys(keptAnnotations).length ? { annotations: { ...keptAnnotations } } : {}) } });

  objects.push(netpol(ns, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, 'deny every connection in and out unless another policy allows it'));
  objects.push(netpol(ns, 'allow-dns-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{
    to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] }, 'name resolution through kube-dns only'));

  // Each Service's clients in the namespace may reach its pods on its target ports, and nothing else.
  const services = exposure.services.filter((s) => s.namespace === ns && s.pods.length > 0 && s.ports.length > 0).sort((a, b) => a.name.localeCompare(b.name));
  const egressRules: JsonObject[] = [];
  for (const s of services) {
    const selector = stringMap(asObject(s.resource.object['spec'])?.['selector']);
    const ports = policyPorts(s.ports);
    const from: JsonObject[] = [{ podSelector: {} }];
    const routes = exposure.routes.filter((r) => r.backendService?.namespace === ns && r.backendService.name === s.name);
    const controllers = new Set<string>();
    for (const r of routes) {
      if (r.kind === 'Ingress' || r.kind === 'Route' || r.kind === 'Gateway') {
        const gw = r.gateway ? inventory.scope.namespaceOf(r.gateway) : undefined;
        for (const c of gw ? [gw] : o.config.trustedNamespaces.length ? o.config.trustedNamespaces : ['ingress-nginx']) controllers.add(c);
      }
    }
    for (const c of [...controllers].sort()) if (c !== ns) from.push({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': c } } });
    const direct = routes.filter((r) => r.kind === 'LoadBalancer' || r.kind === 'NodePort' || r.kind === 'ExternalIP');
    if (direct.length > 0) notes.push(`Service ${s.name} is exposed as ${direct[0]?.kind}: its outside clients are not modelled; add an ipBlock for them to allow-to-${dnsLabel(s.name)}.`);
    objects.push(netpol(ns, `allow-to-${dnsLabel(s.name)}`, { podSelector: selectorOf(selector), policyTypes: ['Ingress'], ingress: [{ from, ports }] },
      `clients of Service ${s.name}${controllers.size ? ` and the ingress controller (${[...controllers].sort().join(', ')})` : ''}`));
    egressRules.push({ to: [{ podSelector: selectorOf(selector) }], ports });
  }
  if (egressRules.length > 0) objects.push(netpol(ns, 'allow-egress-to-services', { podSelector: {}, policyTypes: ['Egress'], egress: egressRules }, 'pods of the namespace may call its Services'));

  // Declared zones: a zone may reach the zones it lists (on their ports), and the internet only if it says so.
  const pods = network.podsIn(ns);
  for (const zone of o.config.zones) {
    const entries = Object.entries(zone.selector);
    if (entries.length === 0) continue;
    const members = pods.filter((p) => entries.every(([k, v]) => p.labels[k] === v));
    const egress: JsonObject[] = [];
    for (const m of zone.mayReach ?? []) {
      const target = o.config.zones.find((z) => z.name === m.zone);
      if (!target || Object.keys(target.selector).length === 0) continue;
      egress.push({ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { ...target.selector } } }], ...(m.ports ? { ports: m.ports.map((port) => ({ port, protocol: 'TCP' })) } : {}) });
      const targets = pods.filter((p) => Object.entries(target.selector).every(([k, v]) => p.labels[k] === v));
      if (targets.length > 0) {
        objects.push(netpol(ns, `allow-zone-${dnsLabel(zone.name)}-to-${dnsLabel(target.name)}`, { podSelector: { matchLabels: { ...target.selector } }, policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { ...zone.selector } } }], ...(m.ports ? { ports: m.ports.map((port) => ({ port, protocol: 'TCP' })) } : {}) }] },
        `zone ${zone.name} may reach zone ${target.name}`));
      }
    }
    if (zone.internetEgress === true) egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] } }] });
    if (members.length > 0 && egress.length > 0) {
      objects.push(netpol(ns, `allow-zone-${dnsLabel(zone.name)}-egress`, { podSelector: { matchLabels: { ...zone.selector } }, policyTypes: ['Egress'], egress }, `what zone ${zone.name} may reach`));
    }
  }

  // Pods whose ServiceAccount holds RBAC grants call the API server.
  const bound = boundServiceAccounts(inventory, ns);
  const saOf = (p: PodEndpoint): string => {
    const name = asString(p.node.template.spec['serviceAccountName']) ?? asString(p.node.template.spec['serviceAccount']);
    return name && name !== '' ? name : 'default';
  };
  const apiClients = pods.filter((p) => bound.has(saOf(p)));
  if (apiClients.length > 0) {
    const sas = [...new Set(apiClients.map(saOf))].sort();
    objects.push(netpol(ns, 'allow-apiserver-egress', {
      podSelector: { matchExpressions: [{ key: 'phiguard.dev/api-client', operator: 'In', values: ['true'] }] }, policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] }] }, 'pods that call the Kubernetes API'));
    notes.push(`Pods of ServiceAccount(s) ${sas.join(', ')} call the Kubernetes API: label their pod templates phiguard.dev/api-client: "true" and narrow allow-apiserver-egress to the API server's address.`);
  }

  objects.push({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'phi-quota', namespace: ns, labels: LABELS }, spec: { hard: {
    'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.cpu': '16', 'limits.memory': '32Gi', 'requests.ephemeral-storage': '20Gi', pods: '50', persistentvolumeclaims: '20', 'services.loadbalancers': '0', 'services.nodeports': '0',
  } } });
  objects.push({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'phi-defaults', namespace: ns, labels: LABELS }, spec: { limits: [{ type: 'Container',
    default: { cpu: '500m', memory: '512Mi', 'ephemeral-storage': '1Gi' }, defaultRequest: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '256Mi' }, max: { memory: '8Gi' } }] } });
  objects.push({ apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: `phi-${dnsLabel(ns)}-daily`, namespace: 'velero', labels: LABELS }, spec: {
    schedule: '0 2 * * *', useOwnerReferencesInBackup: false,
    template: { includedNamespaces: [ns], snapshotVolumes: true, defaultVolumesToFsBackup: false, ttl: '720h0m0s', storageLocation: 'default' } } });

  // One ServiceAccount per workload, without a token unless RBAC grants it something.
  const accounts = new Map<string, boolean>([['default', false]]);
  for (const p of pods) {
    const sa = saOf(p);
    if (sa === 'default') {
      const own = dnsLabel(p.name);
      accounts.set(own, false);
      notes.push(`${p.kind} ${p.name} runs as the default ServiceAccount: set spec.template.spec.serviceAccountName: ${own}.`);
    } else if (!inventory.inNamespace(ns).some((r) => r.ref.kind === 'ServiceAccount' && r.ref.name === sa)) {
      accounts.set(sa, bound.has(sa));
    }
  }
  for (const [name, token] of [...accounts].sort(([a], [b]) => a.localeCompare(b))) {
    if (name !== 'default' && inventory.inNamespace(ns).some((r) => r.ref.kind === 'ServiceAccount' && r.ref.name === name)) continue;
    objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns, labels: LABELS }, automountServiceAccountToken: token });
  }

  const group = o.config.breakGlassGroups[0] ?? 'phiguard:break-glass';
  const expires = new Date(Date.parse(o.now) + BREAK_GLASS_HOURS * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'phiguard-break-glass',
    labels: { ...LABELS, 'phiguard.dev/break-glass': 'true' },
    annotations: { 'phiguard.dev/owner': 'REPLACE-security-officer@example.org', 'phiguard.dev/procedure': 'REPLACE-https://wiki.example.org/runbooks/break-glass', 'phiguard.dev/expires': expires } },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }] });
  notes.push(`The break-glass ClusterRoleBinding is a template: fill in owner and procedure, apply it only during an emergency (it expires ${expires}), and keep group ${group} empty otherwise.`);
  return { objects, notes };
}

export function renderBaseline(b: Baseline, namespace: string): string {
  const header = [`# phiguard hardening baseline for PHI namespace ${namespace}. See docs/remediation.md.`, ...b.notes.map((n) => `# - ${n}`)].join('\n') + '\n';
  return header + b.objects.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n');
}
