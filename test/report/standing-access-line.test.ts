import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildReportContext } from '../../src/cli/report-context.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { formatHtml } from '../../src/report/html.js';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/corpus.js';

const NOW = '2026-12-01T12:00:00Z';
const NS = `apiVersion: v1
kind: Namespace
metadata: {name: ehr, labels: {phiguard.dev/scope: phi}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: ehr}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
`;
const binding = (name: string, user: string, grant?: string): string => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ehr
${grant ? `  labels: {phiguard.dev/access-grant: ${grant}}\n  annotations: {phiguard.dev/requester: ${user}, phiguard.dev/expires: "2026-12-01T14:00:00Z"}\n` : ''}roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: User, name: ${user}, apiGroup: rbac.authorization.k8s.io}]
`;

async function line(yaml: string): Promise<string> {
  const inputs = [{ file: 'case.yaml', text: yaml }];
  const config = { ...DEFAULT_CONFIG, now: NOW };
  const result = evaluateTexts(inputs, RULES, config);
  const ctx = await buildReportContext(inputs, REPO_ROOT, result, config);
  const html = formatHtml({ tool: { name: 'phiguard', version: 'test' }, result, context: ctx }, { color: false, now: NOW });
  return /<span id="standing-human-access">([^<]*)<\/span>/.exec(html)?.[1] ?? '';
}

describe('HTML report: standing human access to PHI Secrets/exec', () => {
  it('counts standing bindings, not an active just-in-time grant', async () => {
    assert.match(await line(NS + binding('standing', 'carol') + binding('phiguard-access-r1', 'alice', 'r1')), /^1 to PHI Secrets\/exec .*: User carol$/);
    assert.match(await line(NS + binding('phiguard-access-r1', 'alice', 'r1')), /^0 to PHI Secrets\/exec/);
  });

  it('agrees with access matrix on examples/clinic', async () => {
    const r = await runCli(['access', 'matrix', '-f', 'json', path.join(REPO_ROOT, 'examples', 'clinic')]);
    const count = (JSON.parse(r.stdout) as { standingHumanAccess: { count: number } }).standingHumanAccess.count;
    const html = await runCli(['scan', path.join(REPO_ROOT, 'examples', 'clinic'), '--format', 'html', '--now', NOW]);
    assert.match(html.stdout, new RegExp(`<span id="standing-human-access">${count} to PHI Secrets/exec`));
  });
});
