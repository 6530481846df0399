import rule from '../../../src/rules/pod-security/run-as-non-root.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './run-as-non-root.cases.js';

ruleTester(rule, cases);
