import rule from '../../../src/rules/pod-security/restrict-capabilities.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './restrict-capabilities.cases.js';

ruleTester(rule, cases);
