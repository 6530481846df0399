import rule from '../../../src/rules/pod-security/baseline-restrictions.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './baseline-restrictions.cases.js';

ruleTester(rule, cases);
