import rule from '../../../src/rules/pod-security/seccomp-profile.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './seccomp-profile.cases.js';

ruleTester(rule, cases);
