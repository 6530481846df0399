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
});
