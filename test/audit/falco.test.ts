import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventsOfDocument, viewOf } from '../../src/audit/event.js';
import { createDetector } from '../../src/audit/detect/detector.js';
import { DEFAULT_DETECT_OPTIONS } from '../../src/audit/detect/options.js';
import { corpusOrSkip } from './helpers.js';

/**
 * Our HK-AL rules against Falco's k8saudit regression traces. Falco rules that have an HK-AL counterpart are mapped
 * below; for every test row and mapped control, the trace must be flagged iff Falco expects a mapped rule to fire.
 */
const FALCO_TO_HK: Readonly<Record<string, string>> = {
  'Attach/Exec Pod': 'HK-AL-004',
  'Anonymous Request Allowed': 'HK-AL-002',
  'Attach to cluster-admin Role': 'HK-AL-005',
  'ClusterRole With Wildcard Created': 'HK-AL-005',
  'ClusterRole With Write Privileges Created': 'HK-AL-005',
  'ClusterRole With Pod Exec Created': 'HK-AL-005',
  'System ClusterRole Modified/Deleted': 'HK-AL-005',
  'K8s Role/Clusterrole Created': 'HK-AL-005',
  'K8s Role/Clusterrole Deleted': 'HK-AL-005',
  'K8s Role/Clusterrolebinding Created': 'HK-AL-005',
  'K8s Role/Clusterrolebinding Deleted': 'HK-AL-005',
};
const MAPPED = [...new Set(Object.values(FALCO_TO_HK))].sort();

function detectFile(file: string): Set<string> {
  const d = createDetector(DEFAULT_DETECT_OPTIONS);
  const ids = new Set<string>();
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    for (const ev of eventsOfDocument(value).events) for (const f of d.observe(viewOf(ev, i))) ids.add(f.control);
  });
  for (const f of d.finish().findings) ids.add(f.control);
  return ids;
}

test('HK-AL detections agree with Falco expected detections on the mapped rules', (t) => {
  const falco = corpusOrSkip(t);
  if (!falco) return;
  const rows = readFileSync(join(falco, 'EXPECTED_falco_k8s_audit_tests.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  let agree = 0;
  let total = 0;
  let tp = 0;
  let fn = 0;
  let fp = 0;
  const disagreements: string[] = [];
  for (const [name, trace, detect, , counts] of rows) {
    const expected = new Set<string>();
    if (detect === 'True') {
      for (const part of (counts ?? '').split(',')) {
        const rule = part.slice(0, part.lastIndexOf(':')).trim();
        const id = FALCO_TO_HK[rule];
        if (id) expected.add(id);
      }
    }
    const got = detectFile(join(falco, trace as string));
    for (const id of MAPPED) {
      total++;
      const e = expected.has(id);
      const g = got.has(id);
      if (e === g) agree++;
      else disagreements.push(`${name} ${id}: expected ${e}, got ${g}`);
      if (e && g) tp++;
      if (e && !g) fn++;
      if (!e && g) fp++;
    }
  }
  const rate = agree / total;
  t.diagnostic(`falco agreement ${agree}/${total} = ${(rate * 100).toFixed(1)}% (true positives ${tp}, missed ${fn}, extra ${fp}) over ${rows.length} tests x ${MAPPED.join(', ')}`);
  for (const d of disagreements) t.diagnostic(`disagreement: ${d}`);
  assert.equal(fn, 0, `missed: ${disagreements.join('; ')}`);
  assert.ok(tp >= 10, `only ${tp} true positives: the mapping lost its rows`);
  assert.ok(rate >= 0.97, `agreement ${rate}: ${disagreements.join('; ')}`);
});
