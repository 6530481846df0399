/**
 * Whole-cluster analysis benchmark: 100,000 generated resources (namespaces, workloads, Services, NetworkPolicies,
 * Roles, bindings). Prints parse time, model build and rule time, their ratio to parse, and query latencies.
 * Run alone with `node build/bench/analysis.js`.
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CONFIG } from '../src/core/config.js';
import type { ScanConfig } from '../src/core/config.js';
import { buildInventory } from '../src/core/inventory.js';
import { evaluate } from '../src/core/engine.js';
import { parseInputs } from '../src/sources/inputs.js';
import { buildRbacModel } from '../src/analysis/rbac/model.js';
import { parseResourceSpec } from '../src/analysis/rbac/who-can.js';
import { buildNetworkModel } from '../src/analysis/network/model.js';
import { buildMeshModel } from '../src/analysis/exposure/mesh.js';
import { buildExposureModel } from '../src/analysis/exposure/model.js';
import { buildFlowMap } from '../src/analysis/exposure/flow-map.js';
import { CLUSTER_RULES } from '../src/rules/cluster/index.js';

export interface BenchShape {
  readonly namespaces: number;
  readonly workloadsPerNs: number;
  readonly policiesPerNs: number;
  readonly rolesPerNs: number;
  readonly bindingsPerNs: number;
  readonly clusterRoles: number;
}

/** 1,000 namespaces × (1 + 30 + 30 + 10 + 14 + 14) + 1,000 cluster objects ≈ 100,000 resources. */
export const DEFAULT_SHAPE: BenchShape = { namespaces: 1000, workloadsPerNs: 30, policiesPerNs: 10, rolesPerNs: 14, bindingsPerNs: 14, clusterRoles: 500 };

/** Generates a realistic-looking multi-tenant cluster dump as one YAML stream, deterministic for a given shape. */
export function generateCluster(shape: BenchShape): { text: string; resources: number } {
  const docs: string[] = [];
  for (let c = 0; c < shape.clusterRoles; c++) {
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cr-${c}, labels: {team: t${c % 20}}}
rules:
- {apiGroups: [""], resources: [pods, services${c % 7 === 0 ? ', secrets' : ''}], verbs: [get, list${c % 11 === 0 ? ', create' : ''}]}
- {apiGroups: [apps], resources: [deployments], verbs: [get, list, watch]}`);
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: crb-${c}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${c % 50 === 0 ? 'view' : `cr-${c}`}}
subjects: [{kind: Group, name: "oidc:group-${c}"}]`);
  }
  for (let n = 0; n < shape.namespaces; n++) {
    const ns = `ns-${n}`;
    docs.push(`apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {phiguard.dev/scope: ${n % 4 === 0 ? 'phi' : 'none'}, team: t${n % 20}}}`);
    for (let w = 0; w < shape.workloadsPerNs; w++) {
      const tier = w % 10 === 0 ? 'data' : w % 3 === 0 ? 'edge' : 'app';
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: w-${w}, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: w-${w}}}
  template:
    metadata: {labels: {app: w-${w}, phiguard.dev/tier: ${tier}, group: g${w % 5}}}
    spec:
      serviceAccountName: sa-${w % 6}
      containers:
      - name: main
        image: registry.example.org/app-${w}:1.0.${n % 10}
        ports: [{name: http, containerPort: ${tier === 'data' ? 5432 : 8080}}]`);
      docs.push(`apiVersion: v1
kind: Service
metadata: {name: w-${w}, namespace: ${ns}}
spec:
  type: ${w === 1 && n % 10 === 0 ? 'LoadBalancer' : 'ClusterIP'}
  selector: {app: w-${w}}
  ports: [{name: http, port: 80, targetPort: http}]`);
    }
    docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: ${ns}}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`);
    for (let p = 1; p < shape.policiesPerNs; p++) {
      docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np-${p}, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {group: g${p % 5}}}
  ingress:
  - from:
    - podSelector: {matchLabels: {group: g${(p + 1) % 5}}}
    - namespaceSelector: {matchLabels: {team: t${p % 20}}}
      podSelector: {matchExpressions: [{key: phiguard.dev/tier, operator: In, values: [app, edge]}]}
    ports: [{port: http}]
  egress:
  - to: [{podSelector: {matchLabels: {group: g${(p + 2) % 5}}}}]
    ports: [{port: http}]
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 169.254.169.254/32]}}]
    ports: [{port: 443}, {port: 8000, endPort: 8100}]`);
    }
    for (let r = 0; r < shape.rolesPerNs; r++) {
      docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: role-${r}, namespace: ${ns}}
rules:
- {apiGroups: [""], resources: [${r % 4 === 0 ? 'secrets' : 'configmaps'}], verbs: [get${r % 5 === 0 ? ', list' : ''}], resourceNames: [${r % 3 === 0 ? `cm-${r}` : ''}]}
- {apiGroups: [""], resources: [pods${r % 7 === 0 ? ', pods/exec' : ''}], verbs: [get, create]}`);
    }
    for (let b = 0; b < shape.bindingsPerNs; b++) {
      const subject = b % 3 === 0 ? `{kind: ServiceAccount, name: sa-${b % 6}, namespace: ${ns}}` : b % 3 === 1 ? `{kind: User, name: "oidc:user-${n}-${b}@example.org"}` : `{kind: Group, name: "oidc:team-${b}"}`;
      const ref = b % 4 === 0 ? `{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${b % 8 === 0 ? 'edit' : `cr-${(n + b) % shape.clusterRoles}`}}` : `{apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-${b}}`;
      docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb-${b}, namespace: ${ns}}
roleRef: ${ref}
subjects: [${subject}]`);
    }
  }
  return { text: docs.join('\n---\n') + '\n', resources: docs.length };
}

function ms(t: number): string {
  return `${t.toFixed(0)} ms`;
}

export async function runAnalysisBench(shape: BenchShape = DEFAULT_SHAPE): Promise<void> {
  const config: ScanConfig = { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' };
  const gen = generateCluster(shape);
  console.log(`analysis bench: ${gen.resources} resources, ${(gen.text.length / 1e6).toFixed(1)} MB of YAML`);

  let t = performance.now();
  const parsed = parseInputs([{ file: 'cluster.yaml', text: gen.text }]);
  const parse = performance.now() - t;
  if (parsed.errors.length) throw new Error(`generated input did not parse: ${parsed.errors[0]?.message ?? ''}`);

  t = performance.now();
  const inventory = buildInventory(parsed.resources, config);
  const rbac = buildRbacModel(inventory);
  const network = buildNetworkModel(inventory);
  const mesh = buildMeshModel(inventory);
  const exposure = buildExposureModel(inventory, network, mesh);
  const models = performance.now() - t;

  t = performance.now();
  const result = evaluate({ resources: parsed.resources }, CLUSTER_RULES, config);
  const rules = performance.now() - t;

  const queries = 200;
  t = performance.now();
  let grants = 0;
  for (let i = 0; i < queries; i++) grants += rbac.whoCan(parseResourceSpec(i % 2 ? 'get' : 'create', i % 2 ? 'secrets' : 'pods/exec'), `ns-${i % shape.namespaces}`).length;
  const whoCan = (performance.now() - t) / queries;

  t = performance.now();
  let allowed = 0;
  for (let i = 0; i < queries * 10; i++) {
    // Half the pairs share a namespace (workloads are generated namespace by namespace), half cross namespaces.
    const ai = (i * 7919) % network.pods.length;
    const bi = i % 2 ? ai - (ai % shape.workloadsPerNs) + ((i * 13) % shape.workloadsPerNs) : (i * 104729 + 13) % network.pods.length;
    const a = network.pods[ai];
    const b = network.pods[bi];
    if (!a || !b) continue;
    if (network.reach({ kind: 'pod', pod: a }, { kind: 'pod', pod: b }, 8080).allowed) allowed++;
  }
  const reach = (performance.now() - t) / (queries * 10);

  // The flow map, with workload → Service calls found from addresses and from policies written for the caller.
  t = performance.now();
  const map = buildFlowMap(inventory, network, exposure, mesh);
  const flow = performance.now() - t;

  console.log(`  parse:                      ${ms(parse)}`);
  console.log(`  models (inventory, RBAC, network, mesh, exposure): ${ms(models)}  (${rbac.bindings.length} bindings, ${network.pods.length} workloads, ${network.policies.length} policies, ${exposure.routes.length} entry routes)`);
  console.log(`  cluster rules (${CLUSTER_RULES.length}, models included): ${ms(rules)}  (${result.findings.length} findings)`);
  console.log(`  ratio models / parse:       ${(models / parse).toFixed(2)}`);
  console.log(`  ratio cluster rules / parse: ${(rules / parse).toFixed(2)}`);
  console.log(`  who-can query:              ${whoCan.toFixed(2)} ms each (${queries} queries, ${grants} grants found)`);
  console.log(`  reach query:                ${(reach * 1000).toFixed(1)} µs each (${queries * 10} queries, ${allowed} allowed)`);
  console.log(`  flow map (phiguard map):    ${ms(flow)}  (${map.nodes.length} nodes, ${map.edges.length} edges); ratio flow map / models ${(flow / models).toFixed(2)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAnalysisBench();
