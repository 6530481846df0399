import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { asObject } from '../../src/core/resource.js';
import { collectEvidence, MASK, maskLine, snippetAt } from '../../src/report/evidence.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { requireCorpus } from '../support/corpus.js';

const masked = (text: string, line: number, inSecret = false): string => maskLine(text.split('\n'), line - 1, inSecret);

describe('evidence lines', () => {
  it('masks every value of a Secret but its identity, block scalars and comments included', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: \'{"data":{"k":"czNjcjN0"}}\'\ntype: kubernetes.io/tls\n# the old one was hunter2\ndata:\n  tls.key: |\n    LS0tLS1CRUdJTi\n  password: czNjcjN0\n';
    const lines = secret.split('\n');
    const shown = lines.map((_l, i) => maskLine(lines, i, true)).join('\n');
    for (const secretText of ['czNjcjN0', 'LS0tLS1CRUdJTi', 'hunter2']) assert.ok(!shown.includes(secretText), `${secretText} leaked:\n${shown}`);
    for (const kept of ['kind: Secret', 'name: tls', 'type: kubernetes.io/tls', 'data:', 'tls.key: |', `password: ${MASK}`]) assert.ok(shown.includes(kept), `${kept} kept:\n${shown}`);
  });

  it('masks a Secret written as one line of JSON', () => {
    assert.equal(masked('{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"stringData":{"pw":"hunter2"}}', 1, true), MASK);
  });

  it('masks credential-shaped values outside Secrets and keeps the rest', () => {
    const env = '      env:\n        - name: DB_PASSWORD\n          value: "hunter2-but-longer"\n        - name: LOG_LEVEL\n          value: info\n';
    assert.equal(masked(env, 3), `          value: ${MASK}`);
    assert.equal(masked(env, 5), '          value: info');
    assert.ok(!masked('  API_TOKEN: ghp_a1B2c3D4e5a1B2c3D4e5a1B2c3D4e5abcdef', 1).includes('ghp_a1B2'));
    assert.ok(!masked('        - --db-url=postgres://app:s3cr3tpass@db:5432/app', 1).includes('s3cr3tpass'));
    assert.equal(masked('          image: registry.example.org/app:1.2', 1), '          image: registry.example.org/app:1.2');
    assert.ok(masked(`  note: ${'x'.repeat(500)}`, 1).length <= 160, 'long lines are cut');
  });

  it('shows two lines above the finding and its block, and counts what it leaves out', () => {
    const text = 'spec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n          ports: []\n          env: []\n          args: []\n      volumes: []\n';
    const s = snippetAt('f.yaml', text.split('\n'), 5, false);
    assert.ok(s);
    assert.equal(s.first, 3);
    assert.equal(s.lines[s.focus], '        - name: a');
    assert.equal(s.lines.length, 2 + 4);
    assert.equal(s.more, 1, 'args: [] is left out; volumes: [] is not in the block');
  });

  it('never shows a Secret value of the corpus in any finding evidence (canary over every Secret in it)', (t) => {
    const corpus = requireCorpus(t);
    if (!corpus) return;
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d)) {
        const p = path.join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(e)) files.push(p);
      }
    };
    walk(corpus);
    let secrets = 0;
    let snippets = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!/kind"?\s*:\s*"?Secret/.test(text)) continue;
      const result = evaluateTexts([{ file, text }], RULES, { ...DEFAULT_CONFIG, now: '2026-11-01T00:00:00Z' });
      const values: string[] = [];
      for (const r of result.parsed.resources) {
        if (r.ref.kind !== 'Secret') continue;
        secrets++;
        for (const key of ['data', 'stringData']) for (const v of Object.values(asObject(r.object[key]) ?? {})) if (typeof v === 'string' && v.trim().length >= 6) values.push(v.trim());
      }
      const evidence = collectEvidence(new Map([[file, text]]), result.findings);
      for (const s of evidence.values()) {
        snippets++;
        const shown = s.lines.join('\n');
        for (const v of values) for (const part of v.split('\n')) if (part.trim().length >= 6) assert.ok(!shown.includes(part.trim()), `${path.relative(corpus, file)}:${s.first}: a Secret value shows`);
      }
    }
    assert.ok(secrets >= 10 && snippets > 0, `${secrets} Secrets, ${snippets} snippets checked`);
  });
});
