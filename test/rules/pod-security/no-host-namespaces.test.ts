import rule from '../../../src/rules/pod-security/no-host-namespaces.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './no-host-namespaces.cases.js';

ruleTester(rule, cases);
