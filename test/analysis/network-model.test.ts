import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNetworkModel, describeRuleRef } from '../../src/analysis/network/model.js';
import type { NetworkModel } from '../../src/analysis/network/model.js';
import { parseCidr, PUBLIC } from '../../src/core/ip.js';
import { inventoryOf } from './model-input.js';

const deploy = (ns: string, name: string, labels: string, ports = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, ${labels}}}
    spec:
      containers:
      - name: c
        image: x
        ports: [${ports}]
---
`;
const ns = (name: string, labels = ''): string => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {${labels}}}\n---\n`;
const np = (nsName: string, name: string, spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${nsName}}\nspec:\n${spec}\n---\n`;

function model(yaml: string): NetworkModel {
  return buildNetworkModel(inventoryOf(yaml));
}
function allowed(m: NetworkModel, from: string, to: string, port?: number): boolean {
  return m.reach(m.endpoint(from), m.endpoint(to), port).allowed;
}

const BASE = ns('shop', 'team: web') + ns('data', 'tier: data') + ns('other') +
  deploy('shop', 'frontend', 'tier: app') + deploy('shop', 'api', 'tier: app', '{name: http, containerPort: 8080}') +
  deploy('data', 'db', 'tier: data', '{name: pg, containerPort: 5432}, {name: metrics, containerPort: 9187}') +
  deploy('other', 'tool', 'tier: app');

describe('NetworkPolicy model', () => {
  it('without any policy everything is allowed, both directions', () => {
    const m = model(BASE);
    assert.equal(allowed(m, 'shop/frontend', 'data/db', 5432), true);
    assert.equal(allowed(m, 'data/db', '8.8.8.8', 443), true);
  });

  it('an ingress rule without policyTypes isolates ingress only, and a named port resolves on the target', () => {
    const m = model(BASE + np('data', 'db-in', `  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}, podSelector: {matchLabels: {app: api}}}]
    ports: [{port: pg}]`));
    assert.equal(allowed(m, 'shop/api', 'data/db', 5432), true);
    assert.equal(allowed(m, 'shop/api', 'data/db', 9187), false, 'named port pg is 5432 only');
    assert.equal(allowed(m, 'shop/frontend', 'data/db', 5432), false, 'podSelector AND namespaceSelector in one peer');
    assert.equal(allowed(m, 'other/tool', 'data/db', 5432), false);
    assert.equal(allowed(m, 'data/db', '8.8.8.8', 443), true, 'egress is not isolated by an ingress-only policy');
    const v = m.reach(m.endpoint('shop/api'), m.endpoint('data/db'), 5432);
    assert.deepEqual(v.ingress?.allowedBy.map(describeRuleRef), ['NetworkPolicy data/db-in ingress[0]']);
  });

  it('separate peers are ORed: namespaceSelector alone admits every pod of the matching namespaces', () => {
    const m = model(BASE + np('data', 'db-in', `  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [web]}]}
    - podSelector: {matchLabels: {app: db}}`));
    assert.equal(allowed(m, 'shop/frontend', 'data/db', 5432), true);
    assert.equal(allowed(m, 'other/tool', 'data/db', 5432), false);
  });

  it('egress with ipBlock except, endPort, and both sides must allow', () => {
    const m = model(BASE + np('data', 'db-out', `  podSelector: {matchLabels: {tier: data}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 169.254.169.254/32]}}]
    ports: [{protocol: TCP, port: 8000, endPort: 9000}]`) + np('shop', 'api-in', `  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]`));
    assert.equal(allowed(m, 'data/db', '8.8.8.8', 8443), true);
    assert.equal(allowed(m, 'data/db', '8.8.8.8', 9001), false, 'outside endPort');
    assert.equal(allowed(m, 'data/db', '10.1.2.3', 8443), false, 'excepted');
    assert.equal(allowed(m, 'data/db', '169.254.169.254', 8080), false, 'metadata excepted');
    assert.equal(allowed(m, 'data/db', 'shop/frontend', 8443), false, 'ipBlock never matches pods');
    const db = m.endpoint('data/db');
    assert.ok(db.kind === 'pod');
    assert.equal(m.egressTo(db.pod, PUBLIC).allowed, true);
    assert.equal(m.egressTo(db.pod, [parseCidr('10.0.0.0/8')!]).allowed, false);
    assert.equal(allowed(m, 'shop/frontend', 'shop/api', 8080), false, 'api isolated for ingress with no rules (default deny)');
    assert.equal(allowed(m, '203.0.113.9', 'shop/frontend', 80), true, 'frontend not isolated');
  });

  it('an empty rule means all peers and ports; the union of selecting policies applies', () => {
    const m = model(BASE + np('shop', 'deny-all', `  podSelector: {}
  policyTypes: [Ingress, Egress]`) + np('shop', 'allow-api', `  podSelector: {matchLabels: {app: api}}
  ingress:
  - {}`));
    assert.equal(allowed(m, 'other/tool', 'shop/api', 8080), true);
    assert.equal(allowed(m, 'other/tool', 'shop/frontend', 80), false);
    assert.equal(allowed(m, 'shop/api', 'data/db', 5432), false, 'egress denied by deny-all');
    const v = m.reach(m.endpoint('shop/api'), m.endpoint('data/db'), 5432);
    assert.deepEqual(v.egress?.isolatedBy.map((p) => p.name), ['deny-all']);
  });

  it('a policy selecting no pods isolates nothing', () => {
    const m = model(BASE + np('data', 'typo', `  podSelector: {matchLabels: {app: dbb}}
  policyTypes: [Ingress, Egress]`));
    const typo = m.policies.find((p) => p.name === 'typo');
    assert.ok(typo);
    assert.deepEqual(m.selectedBy(typo), []);
    assert.equal(allowed(m, 'other/tool', 'data/db', 5432), true);
  });

  it('egress rules present without policyTypes isolate egress too', () => {
    const m = model(BASE + np('shop', 'fe-out', `  podSelector: {matchLabels: {app: frontend}}
  egress:
  - to: [{podSelector: {matchLabels: {app: api}}}]`));
    assert.equal(allowed(m, 'shop/frontend', 'shop/api', 8080), true);
    assert.equal(allowed(m, 'shop/frontend', 'data/db', 5432), false);
    assert.equal(allowed(m, 'other/tool', 'shop/frontend', 80), false, 'Ingress is always in the defaulted policyTypes');
  });

  it('names unknown or ambiguous endpoints clearly', () => {
    const m = model(BASE + deploy('other', 'api', 'x: y'));
    assert.throws(() => m.endpoint('nope/x'), /no workload or pod named "nope\/x"/);
    assert.throws(() => m.endpoint('api'), /ambiguous/);
    assert.equal(m.endpoint('8.8.8.8').kind, 'ip');
  });

  describe('Cilium policies', () => {
    const cnp = (name: string, selector: string, body: string): string =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: data}\nspec:\n  endpointSelector: ${selector}\n${body}\n---\n`;
    const lock = cnp('db-lock', '{matchLabels: {app: db}}', '  ingress:\n  - fromEndpoints: [{matchLabels: {app: api}}]');

    it('a pod a CiliumNetworkPolicy selects is undecided, naming the policy, where NetworkPolicies alone would allow', () => {
      const m = model(BASE + lock);
      const v = m.reach(m.endpoint('shop/frontend'), m.endpoint('data/db'), 5432);
      assert.match(v.undecided ?? '', /CiliumNetworkPolicy data\/db-lock selects the destination for ingress/);
      assert.equal(m.reach(m.endpoint('data/db'), m.endpoint('shop/frontend'), 8080).undecided, undefined, 'egress of db and ingress of frontend are not Cilium\'s');
      assert.equal(m.reach(m.endpoint('shop/frontend'), m.endpoint('shop/api')).undecided, undefined);
    });

    it('an allow from a NetworkPolicy stands beside Cilium unless Cilium has deny rules; a certain denial on one side decides', () => {
      const allowApi = np('data', 'db-in', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: web}}}]}]');
      const m = model(BASE + lock + allowApi);
      const v = m.reach(m.endpoint('shop/frontend'), m.endpoint('data/db'), 5432);
      assert.deepEqual([v.allowed, v.undecided], [true, undefined]);
      const undecidedDeny = model(BASE + cnp('db-lock', '{matchLabels: {app: db}}', '  ingressDeny:\n  - fromEntities: [world]') + allowApi);
      assert.ok(undecidedDeny.reach(undecidedDeny.endpoint('shop/frontend'), undecidedDeny.endpoint('data/db'), 5432).undecided);
      const egressDenied = np('shop', 'fe-out', '  podSelector: {matchLabels: {app: frontend}}\n  policyTypes: [Egress]');
      const d = model(BASE + lock + egressDenied);
      const dv = d.reach(d.endpoint('shop/frontend'), d.endpoint('data/db'), 5432);
      assert.deepEqual([dv.allowed, dv.undecided], [false, undefined]);
    });

    it('egress to addresses is undecided for a pod Cilium selects for egress', () => {
      const m = model(BASE + cnp('db-out', '{}', '  egress:\n  - toEntities: [cluster]'));
      const db = m.endpoint('data/db');
      assert.ok(db.kind === 'pod');
      assert.match(m.egressTo(db.pod, PUBLIC).undecided ?? '', /CiliumNetworkPolicy data\/db-out selects the source for egress/);
    });
  });
});

