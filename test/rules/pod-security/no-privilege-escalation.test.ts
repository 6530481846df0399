import rule from '../../../src/rules/pod-security/no-privilege-escalation.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './no-privilege-escalation.cases.js';

ruleTester(rule, cases);
