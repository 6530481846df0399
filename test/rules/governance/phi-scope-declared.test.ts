import rule from '../../../src/rules/governance/phi-scope-declared.js';
import { ruleTester } from '../../support/rule-tester.js';
import { docs, namespace } from '../workload/workload-yaml.js';

const labelled = (name: string, label: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    ${label}\n`;

ruleTester(rule, {
  valid: [
    { name: 'scope declared by the canonical label', yaml: docs(namespace('records'), namespace('tools', 'none')) },
    { name: 'scope declared in configuration', yaml: labelled('ehr', 'team: a'), config: { phiNamespaces: { names: ['ehr'], patterns: [], selectors: [] } } },
  ],
  invalid: [
    { name: 'no scope declared anywhere', yaml: labelled('tools', 'team: a'), errors: [{ messageId: 'undeclared', resource: 'tools', path: '' }] },
    { name: 'a namespace that looks like PHI declares no scope', yaml: docs(namespace('records'), labelled('fhir-store', 'team: a')), errors: [{ messageId: 'hint', resource: 'fhir-store', path: '/metadata', contains: '(fhir)' }] },
    { name: 'an alias label puts a namespace in PHI scope', yaml: docs(namespace('records'), labelled('claims', 'example.org/data-classification: phi')), errors: [{ messageId: 'alias', severity: 'info', path: '/metadata/labels', contains: 'example.org/data-classification=phi' }] },
  ],
});
