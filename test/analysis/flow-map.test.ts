import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFlowMap } from '../../src/analysis/exposure/flow-map.js';
import type { FlowMap } from '../../src/analysis/exposure/flow-map.js';
import { renderDot, renderMermaid, renderSvg } from '../../src/analysis/exposure/flow-render.js';
import { buildExposureModel } from '../../src/analysis/exposure/model.js';
import { buildMeshModel } from '../../src/analysis/exposure/mesh.js';
import { buildNetworkModel } from '../../src/analysis/network/model.js';
import { runCli } from '../support/cli.js';
import { inventoryOf } from './model-input.js';
import { requireCorpus, REPO_ROOT } from '../support/corpus.js';
import { parseInputs } from '../../src/sources/inputs.js';
import { buildInventory } from '../../src/core/inventory.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const YAML = `apiVersion: v1
kind: Namespace
metadata: {name: records, labels: {phiguard.dev/scope: phi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: records}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, phiguard.dev/tier: app}}
    spec: {containers: [{name: c, image: "api:1", ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: records}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db, phiguard.dev/tier: data}}
    spec: {containers: [{name: c, image: "postgres:16", ports: [{containerPort: 5432}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reports, namespace: records}
spec:
  selector: {matchLabels: {app: reports}}
  template:
    metadata: {labels: {app: reports, phiguard.dev/tier: app}}
    spec: {containers: [{name: c, image: "reports:1"}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: records}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080, name: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: records}
spec: {selector: {app: db}, ports: [{port: 5432, targetPort: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: reports-lb, namespace: records}
spec: {type: LoadBalancer, selector: {app: reports}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: records}
spec:
  tls: [{hosts: [records.example.org], secretName: t}]
  rules: [{host: records.example.org, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: records}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432}]}]
`;

function flow(yaml: string): FlowMap {
  const inv = inventoryOf(yaml);
  const network = buildNetworkModel(inv);
  const mesh = buildMeshModel(inv);
  return buildFlowMap(inv, network, buildExposureModel(inv, network, mesh), mesh);
}

describe('PHI flow map', () => {
  const map = flow(YAML);
  const label = (id: string): string => map.nodes.find((n) => n.id === id)?.label ?? id;
  const edges = map.edges.map((e) => `${label(e.from)} -> ${label(e.to)} ${e.encryption} ${e.policy}`);

  it('lays nodes out in the five columns', () => {
    assert.deepEqual(map.nodes.map((n) => `${n.column} ${n.label}`), [
      '0 Internet', '1 Ingress web (records.example.org)', '1 LoadBalancer reports-lb:80', '2 Service records/api', '2 Service records/reports-lb',
      '3 records/api', '3 records/reports', '4 records/db',
    ]);
  });

  it('marks each edge encrypted or not and allowed or denied', () => {
    assert.ok(edges.includes('Internet -> Ingress web (records.example.org) tls allowed'));
    assert.ok(edges.includes('Internet -> LoadBalancer reports-lb:80 plaintext allowed'));
    assert.ok(edges.includes('Ingress web (records.example.org) -> Service records/api plaintext unknown'), 'controller not in input');
    assert.ok(edges.includes('records/api -> records/db unknown allowed'));
    assert.ok(edges.includes('records/reports -> records/db unknown denied'));
  });

  it('renders Mermaid, DOT and a self-contained SVG', () => {
    const mm = renderMermaid(map);
    assert.match(mm, /^flowchart LR\n/);
    assert.match(mm, /-\. ":5432 encryption unknown, denied" \.->/);
    const dot = renderDot(map);
    assert.match(dot, /^digraph phi_flow \{/);
    assert.equal((dot.match(/->/g) ?? []).length, map.edges.length);
    const svg = renderSvg(map);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/marker-end=/g) ?? []).length, map.edges.length);
    assert.doesNotMatch(svg.replace('xmlns="http://www.w3.org/2000/svg"', ''), /https?:|<script|@import|<image/, 'no external references or scripts');
    assert.equal((svg.match(/<g>/g) ?? []).length, map.nodes.length);
  });

  it('phiguard map writes the chosen format', async () => {
    const r = await runCli(['map', '--format', 'dot', '-'], { stdin: YAML });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^digraph phi_flow/);
    const bad = await runCli(['map', '--format', 'png', '-'], { stdin: YAML });
    assert.equal(bad.code, 2);
  });

  it('draws nothing but says so when no PHI flow exists', () => {
    const empty = flow('apiVersion: v1\nkind: Namespace\nmetadata: {name: web, labels: {phiguard.dev/scope: none}}\n');
    assert.equal(empty.nodes.length, 0);
    assert.match(renderSvg(empty), /No PHI flow found/);
  });

  it('draws Service-to-Service calls from an address in the caller\'s env, or a policy written for the caller', () => {
    const caller = YAML.replace('spec: {containers: [{name: c, image: "reports:1"}]}', 'spec: {containers: [{name: c, image: "reports:1", env: [{name: API_URL, value: "http://api.records.svc.cluster.local:80/v1"}]}]}');
    const m = flow(caller);
    const lbl = (id: string): string => m.nodes.find((n) => n.id === id)?.label ?? id;
    const calls = m.edges.filter((e) => e.label.includes(' via ')).map((e) => `${lbl(e.from)} -> ${lbl(e.to)} ${e.label} ${e.policy}`);
    assert.deepEqual(calls, ['records/reports -> records/api :8080 via api allowed']);
    assert.match(m.edges.find((e) => e.label.includes(' via '))?.why ?? '', /^env API_URL names api\.records\.svc\.cluster\.local; /);
    assert.deepEqual(flow(YAML).edges.filter((e) => e.label.includes(' via ')), [], 'no address, no policy: no call drawn');
    const near = flow(caller.replace('http://api.records.svc.cluster.local:80/v1', 'http://api-v2.records.svc:80'));
    assert.deepEqual(near.edges.filter((e) => e.label.includes(' via ')), [], 'a longer name is another Service');
  });

  it('draws portal → ehr-api in examples/clinic, from the policy that admits the portal', () => {
    const files = readdirSync(path.join(REPO_ROOT, 'examples', 'clinic')).filter((f) => f.endsWith('.yaml'));
    const parsed = parseInputs(files.map((f) => ({ file: f, text: readFileSync(path.join(REPO_ROOT, 'examples', 'clinic', f), 'utf8') })));
    const inv = buildInventory(parsed.resources, DEFAULT_CONFIG);
    const network = buildNetworkModel(inv);
    const mesh = buildMeshModel(inv);
    const m = buildFlowMap(inv, network, buildExposureModel(inv, network, mesh), mesh);
    const edge = m.edges.find((e) => e.from === 'w:portal/portal-web' && e.to === 'w:ehr/ehr-api');
    assert.ok(edge, JSON.stringify(m.edges.map((e) => `${e.from} -> ${e.to}`)));
    assert.equal(edge.policy, 'allowed');
    assert.match(edge.why, /NetworkPolicy ehr\/api-from-portal ingress\[0\] admits it/);
  });

  it('draws frontend → cartservice → redis-cart in the online-boutique corpus app', (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    const dir = path.join(corpus, 'kubescape-examples', 'examples', 'online-boutique');
    const parsed = parseInputs(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => ({ file: f, text: readFileSync(path.join(dir, f), 'utf8') })));
    const inv = buildInventory(parsed.resources, DEFAULT_CONFIG);
    const network = buildNetworkModel(inv);
    const mesh = buildMeshModel(inv);
    const m = buildFlowMap(inv, network, buildExposureModel(inv, network, mesh), mesh);
    const has = (from: string, to: string): boolean => m.edges.some((e) => e.from === `w:default/${from}` && e.to === `w:default/${to}`);
    assert.ok(has('frontend', 'cartservice'), 'frontend → cartservice');
    assert.ok(has('cartservice', 'redis-cart'), 'cartservice → redis-cart');
    assert.ok(has('checkoutservice', 'paymentservice'), 'checkoutservice → paymentservice');
    assert.ok(!has('cartservice', 'frontend'), 'nothing in cartservice names the frontend');
  });

  it('explains an empty Mermaid and DOT map as the SVG does', () => {
    const empty = flow('apiVersion: v1\nkind: Namespace\nmetadata: {name: web, labels: {phiguard.dev/scope: none}}\n---\n' +
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: web}\nspec: {containers: [{name: c, image: x}]}\n');
    assert.match(empty.empty ?? '', /no workload is in PHI scope/);
    for (const text of [renderMermaid(empty), renderDot(empty), renderSvg(empty)]) assert.ok(text.includes('No PHI flow found in the input: no workload is in PHI scope'), text);
    assert.equal(flow(YAML).empty, undefined);
  });
});

