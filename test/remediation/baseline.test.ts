import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildMeshModel } from '../../src/analysis/exposure/mesh.js';
import { buildExposureModel } from '../../src/analysis/exposure/model.js';
import { buildNetworkModel } from '../../src/analysis/network/model.js';
import type { PodEndpoint } from '../../src/analysis/network/model.js';
import type { Protocol } from '../../src/analysis/network/policy.js';
import type { ScanConfig } from '../../src/core/config.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { Finding } from '../../src/core/finding.js';
import { buildInventory } from '../../src/core/inventory.js';
import { BASELINE_CONTROLS, buildBaseline, renderBaseline } from '../../src/remediation/baseline.js';
import { RULES } from '../../src/rules/index.js';
import type { TextInput } from '../../src/sources/inputs.js';
import { parseInputs } from '../../src/sources/inputs.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { runCli } from '../support/cli.js';
import { corpusDir, REPO_ROOT, requireCorpus } from '../support/corpus.js';

const NOW = '2026-11-01T00:00:00Z';

/** CoreDNS as every cluster runs it, so the DNS egress policy has something to reach. */
const CLUSTER = `apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  selector:
    matchLabels: { k8s-app: kube-dns }
  template:
    metadata:
      labels: { k8s-app: kube-dns }
    spec:
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.11.1
        ports:
        - { containerPort: 53, protocol: UDP, name: dns }
        - { containerPort: 53, protocol: TCP, name: dns-tcp }
---
apiVersion: v1
kind: Namespace
metadata:
  name: intruder
---
apiVersion: v1
kind: Pod
metadata:
  name: intruder
  namespace: intruder
  labels: { app: intruder }
spec:
  containers:
  - name: sh
    image: busybox:1.36
`;

function yamlFiles(dir: string): TextInput[] {
  const out: TextInput[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push({ file: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

function aboutNamespace(f: Finding, ns: string): boolean {
  if (f.location?.file === 'baseline.yaml' || !f.resource) return true;
  return f.resource.namespace === ns || (f.resource.kind === 'Namespace' && f.resource.name === ns) || f.message.includes(`"${ns}"`);
}

function checkApp(name: string, inputs: TextInput[], ns: string): void {
  const config: ScanConfig = { ...DEFAULT_CONFIG, now: NOW, defaultNamespace: ns };
  const given = [...inputs, { file: 'cluster.yaml', text: CLUSTER }];
  const inventory = buildInventory(parseInputs(given).resources, config);
  const baseline = renderBaseline(buildBaseline(inventory, { namespace: ns, config, now: NOW }), ns);

  const covered = (fs: readonly Finding[]): Finding[] => fs.filter((f) => BASELINE_CONTROLS.includes(f.control) && aboutNamespace(f, ns));
  // The manifests as given, with the namespace declared PHI, raise the controls the baseline is for; with it, none.
  const declared = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    phiguard.dev/scope: phi\n`;
  const before = covered(evaluateTexts([...given, { file: 'declared.yaml', text: declared }], RULES, config).findings);
  const withBaseline = evaluateTexts([...given, { file: 'baseline.yaml', text: baseline }], RULES, config);
  assert.deepEqual(withBaseline.errors.filter((e) => e.file === 'baseline.yaml'), [], `${name}: the baseline parses`);
  const after = covered(withBaseline.findings);
  assert.ok(before.length > 0, `${name}: without the baseline the covered controls must fire`);
  assert.deepEqual(after.map((f) => `${f.control} ${f.message}`), [], `${name}: the baseline leaves covered controls raised`);

  // Every flow the Services imply still works: each pod of the namespace reaches each Service's pods on its target ports.
  const inv = buildInventory(withBaseline.parsed.resources, config);
  const network = buildNetworkModel(inv);
  const exposure = buildExposureModel(inv, network, buildMeshModel(inv));
  const clients = network.podsIn(ns);
  const dns = network.podsIn('kube-system').find((p) => p.labels['k8s-app'] === 'kube-dns');
  const intruder = network.podsIn('intruder')[0];
  assert.ok(dns && intruder && clients.length > 0, `${name}: pods to check`);
  const broken: string[] = [];
  let flows = 0;
  const reach = (a: PodEndpoint, b: PodEndpoint, port: number, protocol: Protocol): boolean => network.reach({ kind: 'pod', pod: a }, { kind: 'pod', pod: b }, port, protocol).allowed;
  let intruderDenied = 0;
  for (const s of exposure.services.filter((x) => x.namespace === ns)) {
    for (const backend of s.pods) {
      for (const p of s.ports) {
        const port = typeof p.targetPort === 'number' ? p.targetPort : backend.ports.find((c) => c.name === p.targetPort)?.port;
        if (port === undefined) continue;
        for (const client of clients) {
          flows++;
          if (!reach(client, backend, port, p.protocol as Protocol)) broken.push(`${client.name} → ${s.name} (${backend.name}:${port}/${p.protocol})`);
        }
        if (!reach(intruder, backend, port, p.protocol as Protocol)) intruderDenied++;
      }
    }
  }
  for (const client of clients) {
    flows++;
    if (!reach(client, dns, 53, 'UDP')) broken.push(`${client.name} → kube-dns 53/UDP`);
  }
  console.log(`${name}: covered controls raised without the baseline: ${[...new Set(before.map((f) => f.control))].sort().join(' ')}; with it: none`);
  console.log(`${name}: ${flows} Service and DNS flows checked with the netpol reach model, ${broken.length} broken; ${intruderDenied} Service port(s) closed to a pod of another namespace`);
  assert.deepEqual(broken, [], `${name}: flows the Services need`);
  assert.ok(intruderDenied > 0, `${name}: default deny must close something to other namespaces`);
}

test('baseline on examples/clinic (ehr): covered controls settled, Service flows intact; netpol reach agrees', async () => {
  const dir = path.join(REPO_ROOT, 'examples', 'clinic');
  checkApp('clinic', yamlFiles(dir), 'ehr');
  const out = mkdtempSync(path.join(tmpdir(), 'phiguard-baseline-'));
  const gen = await runCli(['generate', 'baseline', '--namespace', 'ehr', '-o', path.join(out, 'baseline.yaml'), dir]);
  assert.equal(gen.code, 0, gen.stderr);
  const reach = await runCli(['netpol', 'reach', 'ehr/ehr-api', 'ehr/ehr-db', '--port', '5432', dir, path.join(out, 'baseline.yaml')]);
  assert.equal(reach.code, 0, reach.stdout + reach.stderr);
  assert.match(reach.stdout, /^ALLOWED: /);
  writeFileSync(path.join(out, 'outsider.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: outsider\n  namespace: ops\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n');
  const denied = await runCli(['netpol', 'reach', 'ops/outsider', 'ehr/ehr-db', '--port', '5432', dir, path.join(out, 'baseline.yaml'), path.join(out, 'outsider.yaml')]);
  assert.equal(denied.code, 1, denied.stdout + denied.stderr);
});

test('baseline on corpus apps istio-bookinfo and argo-cd', (t) => {
  if (!requireCorpus(t)) return;
  const corpus = corpusDir() ?? '';
  checkApp('istio-bookinfo', yamlFiles(path.join(corpus, 'istio-bookinfo')), 'bookinfo');
  checkApp('argo-cd', [{ file: 'install.yaml', text: readFileSync(path.join(corpus, 'argo-cd', 'manifests', 'install.yaml'), 'utf8') }], 'argocd');
});

test('generate baseline refuses a missing or bad --namespace', async () => {
  const r = await runCli(['generate', 'baseline']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--namespace: required for baseline/);
});
