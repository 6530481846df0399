import { ruleTester } from '../../support/rule-tester.js';
import breakGlassDefined from '../../../src/rules/cluster/break-glass-defined.js';
import { crb, BG_META } from './fixtures.js';

ruleTester(breakGlassDefined, {
  valid: [{ name: 'documented group', yaml: crb('bg', 'cluster-admin', '{kind: Group, name: emergency}', BG_META) }],
  invalid: [
    { name: 'none labelled', yaml: crb('ops', 'view', '{kind: Group, name: ops}'), errors: [{ messageId: 'missing' }] },
    { name: 'user subject, undocumented', yaml: crb('bg', 'cluster-admin', '{kind: User, name: alice}', '\n  labels: {phiguard.dev/break-glass: "true"}'), errors: [{ messageId: 'notGroup' }, { messageId: 'undocumented', contains: 'phiguard.dev/owner, phiguard.dev/procedure' }] },
  ],
});
