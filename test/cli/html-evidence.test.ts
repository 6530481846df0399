import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shownStore } from '../../src/cli/report-context.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';

const CLINIC = path.join(REPO_ROOT, 'examples', 'clinic');
const NOW = '2026-11-01T00:00:00Z';

/** Audit events in the week before NOW, in the clinic's PHI namespace (ehr) and outside it (ops). */
function events(): string {
  const base = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete', sourceIPs: ['10.0.0.5'], userAgent: 'kubectl/v1.33.1', responseStatus: { metadata: {}, code: 200 } };
  const at = (day: number, s: number): string => `2026-10-${String(day).padStart(2, '0')}T09:00:${String(s).padStart(2, '0')}.000000Z`;
  const list = [
    { ...base, auditID: 'a1', verb: 'get', requestURI: '/api/v1/namespaces/ehr/secrets/ehr-db-credentials', user: { username: 'alice@clinic.example', groups: ['system:authenticated'] }, objectRef: { resource: 'secrets', namespace: 'ehr', name: 'ehr-db-credentials', apiVersion: 'v1' }, stageTimestamp: at(29, 1) },
    { ...base, auditID: 'a2', verb: 'create', stage: 'ResponseStarted', responseStatus: { metadata: {}, code: 101 }, requestURI: '/api/v1/namespaces/ehr/pods/ehr-db-0/exec?command=psql&command=-pS3cretPass', user: { username: 'bob@clinic.example', groups: ['system:authenticated'] }, objectRef: { resource: 'pods', subresource: 'exec', namespace: 'ehr', name: 'ehr-db-0', apiVersion: 'v1' }, stageTimestamp: at(30, 2) },
    { ...base, auditID: 'a3', verb: 'get', requestURI: '/api/v1/namespaces/ops/secrets/x', user: { username: 'carol@clinic.example', groups: ['system:authenticated'] }, objectRef: { resource: 'secrets', namespace: 'ops', name: 'x', apiVersion: 'v1' }, stageTimestamp: at(30, 3) },
    { ...base, auditID: 'a4', verb: 'get', requestURI: '/api/v1/namespaces/ehr/secrets/old', user: { username: 'alice@clinic.example', groups: ['system:authenticated'] }, objectRef: { resource: 'secrets', namespace: 'ehr', name: 'old', apiVersion: 'v1' }, stageTimestamp: '2026-09-01T09:00:00.000000Z' },
  ];
  return list.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

describe('HTML evidence report from the CLI', () => {
  let dir: string;
  let store: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'phiguard-html-'));
    store = path.join(dir, 'trail.db');
    writeFileSync(path.join(dir, 'events.jsonl'), events());
    const imported = await runCli(['audit', 'import', path.join(dir, 'events.jsonl'), '--store', store]);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scan --format html quotes masked source lines, draws the flow map and lists each input with its SHA-256', async () => {
    const out = path.join(dir, 'plain.html');
    const r = await runCli(['scan', CLINIC, '--format', 'html', '-o', out, '--now', NOW]);
    assert.equal(r.code, 1, r.stderr);
    const html = readFileSync(out, 'utf8');
    assert.ok(!html.includes('correct-horse-battery-staple'), 'the Secret value never shows');
    assert.match(html, /POSTGRES_PASSWORD: \*\*\* \(masked\)/);
    assert.match(html, /<section id="flow-map">[\s\S]*<svg /);
    for (const f of readdirSync(CLINIC).filter((x) => x.endsWith('.yaml'))) {
      const digest = createHash('sha256').update(readFileSync(path.join(CLINIC, f))).digest('hex');
      assert.ok(html.includes(digest), `SHA-256 of ${f}`);
    }
    assert.doesNotMatch(html, /id="audit"/, 'no trail, no audit section');
  });

  it('--audit-store adds the review and detections that phiguard audit review and detect give for the same scope', async () => {
    const out = path.join(dir, 'audit.html');
    const r = await runCli(['scan', CLINIC, '--format', 'html', '-o', out, '--now', NOW, '--audit-store', store]);
    assert.equal(r.code, 1, r.stderr);
    const html = readFileSync(out, 'utf8');
    const review = await runCli(['audit', 'review', '--store', store, '--since', '2026-10-25T00:00:00Z', '--until', NOW, '--phi-namespace', 'ehr', '--format', 'json']);
    assert.equal(review.code, 0, review.stderr);
    const expected = JSON.parse(review.stdout) as { events: number; inScope: number; counts: Record<string, number> };
    assert.ok(expected.counts['secret-reads'] === 1 && expected.counts['interactive'] === 1, review.stdout);
    for (const [category, n] of Object.entries(expected.counts)) assert.ok(html.includes(`data-category="${category}">${n}<`), `${category} ${n}`);
    assert.ok(html.includes(`${expected.events} events in the period, ${expected.inScope} in PHI scope`));
    const detect = await runCli(['audit', 'detect', '--store', store, '--phi-namespace', 'ehr', '--format', 'json']);
    const found = (JSON.parse(detect.stdout) as { findings: unknown[] }).findings.length;
    assert.ok(found > 0);
    assert.match(html, new RegExp(`<h3>Detections \\(${found}\\)</h3>`));
    assert.ok(!html.includes('S3cretPass'), 'an exec command line is masked as audit review masks it');
  });

  it('refuses --audit-store without html, and names a store that is not there', async () => {
    const json = await runCli(['scan', CLINIC, '--format', 'json', '--audit-store', store]);
    assert.equal(json.code, 2);
    assert.match(json.stderr, /--audit-store goes with --format html/);
    const missing = await runCli(['scan', CLINIC, '--format', 'html', '--audit-store', path.join(dir, 'nope.db')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.db: no such audit store/);
  });

  it('report --bundle --audit-store puts the audit section in report.html and audit.json, and the bundle verifies', async () => {
    assert.equal((await runCli(['audit', 'keygen', '--name', 'evidence.example', '--out', path.join(dir, 'k')])).code, 0);
    const bundle = path.join(dir, 'bundle');
    const r = await runCli(['report', '--bundle', bundle, '--key', path.join(dir, 'k.key'), CLINIC, '--now', NOW, '--audit-store', store]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(path.join(bundle, 'report.html'), 'utf8'), /id="audit"/);
    const audit = JSON.parse(readFileSync(path.join(bundle, 'audit.json'), 'utf8')) as { audit: { entries: number; review: { counts: Record<string, number> } } };
    assert.equal(audit.audit.entries, 4);
    assert.equal(audit.audit.review.counts['secret-reads'], 1, 'the read in ops and the one of September are outside scope or period');
    const v = await runCli(['verify-bundle', bundle, '--public-key', path.join(dir, 'k.pub')]);
    assert.equal(v.code, 0, v.stderr);
  });
});

describe('audit store shown in a report', () => {
  it('never shows the password of a PostgreSQL URL', () => {
    assert.equal(shownStore('postgres://auditor:s3cret@db.example:5432/trail'), 'postgres://auditor:***@db.example:5432/trail');
    assert.equal(shownStore('postgres://auditor@db.example/trail'), 'postgres://auditor@db.example/trail');
    assert.equal(shownStore('trail.db'), 'trail.db');
  });
});
