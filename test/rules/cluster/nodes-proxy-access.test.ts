import { ruleTester } from '../../support/rule-tester.js';
import nodesProxyAccess from '../../../src/rules/cluster/nodes-proxy-access.js';
import { role, crb } from './fixtures.js';

ruleTester(nodesProxyAccess, {
  valid: [{ name: 'nodes get', yaml: role('r', '- {apiGroups: [""], resources: [nodes], verbs: [get]}') + crb('b', 'r', '{kind: User, name: a}') }],
  invalid: [
    { name: 'nodes/proxy', yaml: role('r', '- {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}') + crb('b', 'r', '{kind: User, name: a}'), errors: [{ messageId: 'granted', contains: 'get nodes/proxy' }] },
    { name: 'unbound', yaml: role('r', '- {apiGroups: [""], resources: ["*/proxy"], verbs: [get]}'), errors: [{ messageId: 'unbound' }] },
  ],
});
