import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/rules/index.js';
import { evaluateTexts } from '../../src/scan/evaluate-texts.js';
import { TEST_CONFIG } from '../support/rule-tester.js';

const role = (verbs: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: role1
  namespace: ehr
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ${verbs}
`;
const FIRST = role('["get"]');
const SECOND = role('["*"]');

function scan(texts: readonly { file: string; text: string }[]): ReturnType<typeof evaluateTexts> {
  const rule = RULES.find((r) => r.meta.id === 'HK-AC-001');
  assert.ok(rule);
  return evaluateTexts(texts, [rule], TEST_CONFIG, { only: ['HK-AC-001'] });
}

describe('the object that is applied is the object judged', () => {
  it('keeps the later of two Roles with one name and warns naming both places', () => {
    const result = scan([{ file: 'a.yaml', text: FIRST }, { file: 'b.yaml', text: SECOND }]);
    assert.equal(result.controls.find((c) => c.id === 'HK-AC-001')?.status, 'fail');
    assert.equal(result.findings[0]?.location?.file, 'b.yaml');
    assert.equal(result.warnings.length, 1);
    assert.equal(result.warnings[0]?.file, 'a.yaml');
    assert.equal(result.warnings[0]?.line, 1);
    assert.match(result.warnings[0]?.message ?? '', /Role "ehr\/role1" is given again at b\.yaml:1/);
    assert.deepEqual(result.errors, []);
  });

  it('judges the later one in the same file too: a wildcard first, then a narrow Role, passes', () => {
    const result = scan([{ file: 'in.yaml', text: `${SECOND}---\n${FIRST}` }]);
    assert.equal(result.controls.find((c) => c.id === 'HK-AC-001')?.status, 'pass');
    assert.match(result.warnings[0]?.message ?? '', /in\.yaml:11/);
  });

  it('does not warn for objects of one name in different namespaces', () => {
    const result = scan([{ file: 'in.yaml', text: `${FIRST}---\n${FIRST.replace('namespace: ehr', 'namespace: other')}` }]);
    assert.deepEqual(result.warnings, []);
  });
});
