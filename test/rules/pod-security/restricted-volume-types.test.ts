import rule from '../../../src/rules/pod-security/restricted-volume-types.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './restricted-volume-types.cases.js';

ruleTester(rule, cases);
