import { ruleTester } from '../../support/rule-tester.js';
import anonymousBindings from '../../../src/rules/cluster/anonymous-bindings.js';
import { crb } from './fixtures.js';

ruleTester(anonymousBindings, {
  valid: [
    { name: 'public info viewer', yaml: crb('system:public-info-viewer', 'system:public-info-viewer', '{kind: Group, name: system:unauthenticated}') },
    { name: 'discovery for authenticated', yaml: crb('system:discovery', 'system:discovery', '{kind: Group, name: system:authenticated}') },
  ],
  invalid: [
    { name: 'anonymous user', yaml: crb('anon', 'view', '{kind: User, name: system:anonymous}'), errors: [{ messageId: 'anonymous', severity: 'critical', path: '/subjects/0' }] },
    { name: 'all authenticated', yaml: crb('auth', 'edit', '{kind: Group, name: system:authenticated}'), errors: [{ messageId: 'authenticated', severity: 'high' }] },
  ],
});
