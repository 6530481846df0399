import { ruleTester } from '../../support/rule-tester.js';
import breakGlassTimeBound from '../../../src/rules/cluster/break-glass-time-bound.js';
import { crb, BG_META } from './fixtures.js';

ruleTester(breakGlassTimeBound, {
  valid: [{ name: 'expires in future', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: emergency}', BG_META) }],
  invalid: [
    { name: 'standing with a user', yaml: crb('bg', 'cluster-admin', '{kind: User, name: alice}', '\n  labels: {phiguard.dev/break-glass: "true"}'), errors: [{ messageId: 'standing' }, { messageId: 'individual' }] },
    { name: 'expired', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: e}', BG_META.replace('2027-01-01', '2026-01-01')), errors: [{ messageId: 'expired', contains: '2026-01-01' }] },
  ],
});
