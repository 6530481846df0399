import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskCommandLine } from '../../src/audit/command-mask.js';
import { runAudit, tempDir } from './helpers.js';

/** Planted secret values must not appear in any review format (issue 21: never print a secret). */
const CANARY = 'CanaryPw8812x';

function execEvent(id: string, command: readonly string[]): Record<string, unknown> {
  const q = command.map((c) => `command=${encodeURIComponent(c)}`).join('&');
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: id, stage: 'ResponseComplete', verb: 'create',
    requestURI: `/api/v1/namespaces/ehr/pods/db-0/exec?${q}&container=db&stdin=true&tty=true`,
    user: { username: 'alice@example.org', groups: ['system:authenticated'] }, sourceIPs: ['10.0.0.5'],
    objectRef: { resource: 'pods', namespace: 'ehr', name: 'db-0', apiVersion: 'v1', subresource: 'exec' },
    responseStatus: { code: 101 }, requestReceivedTimestamp: '2026-09-01T09:00:00.000000Z', stageTimestamp: '2026-09-01T09:00:00.100000Z',
  };
}

test('maskCommandLine hides glued, separate, assigned and URI-embedded credentials and nothing else', () => {
  assert.equal(maskCommandLine(`mysql -uroot -p${CANARY} ehr`), 'mysql -uroot -p*** ehr');
  assert.equal(maskCommandLine(`mysql --password ${CANARY} ehr`), 'mysql --password *** ehr');
  assert.equal(maskCommandLine(`env PGPASSWORD=${CANARY} psql`), 'env PGPASSWORD=*** psql');
  assert.equal(maskCommandLine(`psql postgres://app:${CANARY}@db/ehr`), 'psql ***');
  assert.equal(maskCommandLine('ls -la /var/lib/mysql'), 'ls -la /var/lib/mysql');
});

test('audit review in every format never prints a planted exec password', async (t) => {
  const dir = tempDir(t);
  const events = [
    execEvent('a1', ['mysql', '-uroot', `-p${CANARY}`]),
    execEvent('a2', ['sh', '-c', `mysql --password ${CANARY} ehr`]),
    execEvent('a3', ['env', `PGPASSWORD=${CANARY}`, 'psql']),
  ];
  writeFileSync(join(dir, 'e.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const imp = await runAudit(['import', 'e.jsonl', '--store', 'trail.db'], dir);
  assert.equal(imp.code, 0, imp.stderr);
  assert.doesNotMatch(imp.stderr, new RegExp(CANARY));
  for (const format of ['text', 'json', 'html', 'csv']) {
    const r = await runAudit(['review', '--store', 'trail.db', '--since', '2026-08-01T00:00:00Z', '--until', '2026-10-01T00:00:00Z', '--format', format], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /mysql/, `${format} shows the exec`);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(CANARY), `${format} masks the password`);
  }
  for (const format of ['text', 'json', 'sarif']) {
    const d = await runAudit(['detect', '--store', 'trail.db', '--format', format], dir);
    assert.equal(d.code, 1, d.stderr);
    assert.doesNotMatch(d.stdout + d.stderr, new RegExp(CANARY), `detect ${format} never prints the password`);
  }
  for (const format of ['text', 'json']) {
    const v = await runAudit(['verify', '--store', 'trail.db', '--format', format], dir);
    assert.doesNotMatch(v.stdout + v.stderr, new RegExp(CANARY), `verify ${format}`);
  }
});

test('import errors name the field and line, never the value', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bad.jsonl'), [
    JSON.stringify({ kind: `Secret-${CANARY}`, auditID: 'x', verb: 'get' }),
    JSON.stringify({ kind: 'Event', apiVersion: `v1-${CANARY}`, auditID: 'y', verb: 'get' }),
    JSON.stringify({ kind: 'EventList', apiVersion: `x/${CANARY}`, items: [] }),
  ].join('\n') + '\n');
  const r = await runAudit(['import', 'bad.jsonl', '--store', 'trail.db'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.jsonl:1: kind is not Event/);
  assert.match(r.stderr, /bad\.jsonl:2: apiVersion is not audit\.k8s\.io/);
  assert.match(r.stderr, /bad\.jsonl:3: apiVersion is not audit\.k8s\.io/);
  assert.doesNotMatch(r.stderr, new RegExp(CANARY));
});

test('the receiver never quotes a planted value in its log or its HTTP responses', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { startReceiver } = await import('../../src/audit/server.js');
  const { openSqliteStore } = await import('../../src/audit/store/sqlite.js');
  const { syntheticEvents } = await import('../../src/audit/synthetic.js');
  const { httpsRequest, makePki } = await import('./helpers.js');
  const dir = tempDir(t);
  const pki = await makePki(dir);
  const store = openSqliteStore(join(dir, 'rx.db'));
  const logs: string[] = [];
  const rx = await startReceiver({
    store, host: '127.0.0.1', port: 0, cert: readFileSync(pki.cert), key: readFileSync(pki.key), clientCa: readFileSync(pki.ca),
    maxBodyBytes: 1 << 20, log: (l) => logs.push(l),
  });
  t.after(async () => {
    await rx.close();
    await store.close();
  });
  const me = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
  const [good] = syntheticEvents(1, { seed: 71 });
  const list = (items: unknown[], apiVersion = 'audit.k8s.io/v1'): string => JSON.stringify({ kind: 'EventList', apiVersion, items });
  const bodies = [
    list([good, { kind: `Secret-${CANARY}`, auditID: 'a', verb: 'get' }, { apiVersion: `v1-${CANARY}`, auditID: 'b', verb: 'get' }, { auditID: CANARY.repeat(30), verb: 'get' },
      { auditID: 'c', verb: 7, note: CANARY }, { auditID: 'd', verb: 'get', stage: { x: CANARY } }, `${CANARY}`]),
    list([{ ...good, user: { username: CANARY } }]),
    list([], `audit.k8s.io/${CANARY}`),
    JSON.stringify({ kind: `Pod${CANARY}`, items: [] }),
    `{"kind":"EventList","items":[{"auditID":"${CANARY}"`,
    `{"kind":"EventList","items":[{"auditID":"x","verb":"get","s":"${CANARY}\udc00`,
  ];
  const answers: string[] = [];
  for (const body of bodies) {
    const r = await httpsRequest(rx.port, { body, ...me });
    assert.ok([200, 400].includes(r.status), `${r.status} ${r.body}`);
    answers.push(r.body);
  }
  assert.ok(logs.length > 0, 'the receiver logged the rejections');
  assert.match(answers[1] ?? '', /"conflicts":1/, 'the conflicting duplicate was seen');
  assert.doesNotMatch(answers.join('\n') + logs.join('\n'), new RegExp(CANARY));
});
