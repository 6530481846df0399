import { ruleTester } from '../../support/rule-tester.js';
import accessReviewMetadata from '../../../src/rules/cluster/access-review-metadata.js';
import { ns, rb } from './fixtures.js';

ruleTester(accessReviewMetadata, {
  valid: [
    { name: 'reviewed recently', yaml: ns('p') + rb('b', 'p', 'view', '{kind: Group, name: g}', '\n  annotations: {phiguard.dev/owner: team, phiguard.dev/reviewed-at: "2026-06-01"}') },
    { name: 'outside PHI', yaml: ns('w', 'none') + rb('b', 'w', 'view', '{kind: Group, name: g}') },
  ],
  invalid: [
    { name: 'no metadata', yaml: ns('p') + rb('b', 'p', 'view', '{kind: Group, name: g}'), errors: [{ messageId: 'missing', severity: 'info' }] },
    { name: 'stale review', yaml: ns('p') + rb('b', 'p', 'view', '{kind: Group, name: g}', '\n  annotations: {phiguard.dev/owner: team, phiguard.dev/reviewed-at: "2025-01-01"}'), errors: [{ messageId: 'stale' }] },
  ],
});
