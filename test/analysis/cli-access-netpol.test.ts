import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

const YAML = `apiVersion: v1
kind: Namespace
metadata: {name: patients, labels: {phiguard.dev/scope: phi}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs, namespace: patients}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: devs}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: patients}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres:16, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: patients}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: patients}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: pg}]}]
`;

describe('phiguard access / netpol', () => {
  it('who-can names the binding and the aggregated built-in rule', async () => {
    const r = await runCli(['access', 'who-can', 'create', 'pods/exec', '-f', 'json', '-'], { stdin: YAML });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { answers: { subject: string; binding: string; via: string; line: number }[] };
    assert.deepEqual(out.answers.map((a) => [a.subject, a.binding, a.line]), [['Group devs', 'RoleBinding patients/devs', 5]]);
    assert.match(out.answers[0]?.via ?? '', /aggregated into ClusterRole "edit"/);
  });

  it('who-can in another namespace finds nobody', async () => {
    const r = await runCli(['access', 'who-can', 'get', 'secrets', '--namespace', 'web', '-'], { stdin: YAML });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Nobody in the input can get secrets in namespace web\./);
  });

  it('matrix as CSV', async () => {
    const r = await runCli(['access', 'matrix', '--format', 'csv', '-'], { stdin: YAML });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'subject,namespace,read-secrets,exec,create-workloads,change-rbac,impersonate\nGroup devs,patients,yes,yes,yes,,yes\n');
  });

  it('reach: allowed with the deciding rule, denied with the isolating policy', async () => {
    const ok = await runCli(['netpol', 'reach', 'patients/api', 'patients/db', '--port', '5432', '-'], { stdin: YAML });
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /^ALLOWED: patients\/api → patients\/db port 5432\/TCP\n {2}egress: no policy isolates the source\n {2}ingress: allowed by NetworkPolicy patients\/db-in ingress\[0\]/);
    const no = await runCli(['netpol', 'reach', '8.8.8.8', 'patients/db', '--port', '5432', '-'], { stdin: YAML });
    assert.equal(no.code, 1);
    assert.match(no.stdout, /DENIED.*\n {2}ingress: denied, isolated by NetworkPolicy patients\/db-in/);
  });

  it('usage errors exit 2 with a clear message', async () => {
    const bad = await runCli(['netpol', 'reach', 'nope/x', '8.8.8.8', '-'], { stdin: YAML });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no workload or pod named "nope\/x"/);
    const port = await runCli(['netpol', 'reach', 'a', 'b', '--port', '99999', '-'], { stdin: YAML });
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be 1-65535/);
    const res = await runCli(['access', 'who-can', 'get', 'pods exec', '-'], { stdin: YAML });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /not a resource/);
  });

  it('reach without --port lists the open ports, not "any port"; --port takes a container port name', async () => {
    const twoPorts = YAML.replace('ports: [{name: pg, containerPort: 5432}]', 'ports: [{name: pg, containerPort: 5432}, {name: metrics, containerPort: 9187}]');
    const list = await runCli(['netpol', 'reach', 'patients/api', 'patients/db', '-'], { stdin: twoPorts });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ALLOWED: patients\/api → patients\/db on 5432\/TCP \(pg\) only\n/);
    const json = JSON.parse((await runCli(['netpol', 'reach', 'patients/api', 'patients/db', '-f', 'json', '-'], { stdin: twoPorts })).stdout) as { anyPort: boolean; openPorts: unknown[] };
    assert.deepEqual([json.anyPort, json.openPorts], [false, [{ port: 5432, name: 'pg' }]]);
    const open = await runCli(['netpol', 'reach', 'patients/db', 'patients/api', '-'], { stdin: twoPorts });
    assert.match(open.stdout, /^ALLOWED: patients\/db → patients\/api \(any TCP port\)/, 'nothing isolates api');
    const named = await runCli(['netpol', 'reach', 'patients/api', 'patients/db', '--port', 'pg', '-'], { stdin: twoPorts });
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stdout, /^ALLOWED: patients\/api → patients\/db port 5432\/TCP \(pg\)\n/);
    const metrics = await runCli(['netpol', 'reach', 'patients/api', 'patients/db', '--port', 'metrics', '-'], { stdin: twoPorts });
    assert.equal(metrics.code, 1);
    const unknown = await runCli(['netpol', 'reach', 'patients/api', 'patients/db', '--port', 'https', '-'], { stdin: twoPorts });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--port https: patients\/db has no TCP container port of that name \(it has pg=5432\/TCP, metrics=9187\/TCP\)/);
  });

  it('reach is UNDECIDED (exit 2) with the reason for a pod a CiliumNetworkPolicy selects', async () => {
    const cnp = '---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api-lock, namespace: patients}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: db}}]}]\n';
    const r = await runCli(['netpol', 'reach', 'patients/db', 'patients/api', '--port', '8080', '-'], { stdin: YAML + cnp });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^UNDECIDED: patients\/db → patients\/api port 8080\/TCP\n {2}egress: no policy isolates the source\n {2}ingress: undecided, CiliumNetworkPolicy patients\/api-lock selects the destination for ingress/);
    const json = JSON.parse((await runCli(['netpol', 'reach', 'patients/db', 'patients/api', '-f', 'json', '-'], { stdin: YAML + cnp })).stdout) as { allowed: unknown; undecided: string };
    assert.equal(json.allowed, null);
    assert.match(json.undecided, /api-lock/);
    const denied = await runCli(['netpol', 'reach', '8.8.8.8', 'patients/db', '--port', '5432', '-'], { stdin: YAML + cnp });
    assert.equal(denied.code, 1, 'a pod no Cilium policy selects keeps its verdict');
  });

  it('an object given twice is one warning on stderr, once, for access, netpol and map', async () => {
    const role = (verbs: string): string => `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: role1, namespace: patients}\nrules: [{apiGroups: [""], resources: [pods], verbs: [${verbs}]}]\n`;
    const twice = YAML + role('get') + role('"*"');
    for (const argv of [['access', 'who-can', 'get', 'pods', '-'], ['access', 'matrix', '-'], ['netpol', 'reach', 'patients/api', 'patients/db', '-'], ['map', '-']]) {
      const r = await runCli(argv, { stdin: twice });
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      const warnings = r.stderr.split('\n').filter((l) => /Role "patients\/role1" is given again/.test(l));
      assert.equal(warnings.length, 1, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(warnings[0] ?? '', /^<stdin>:\d+:1: warning: /);
    }
  });
});

