import rule from '../../../src/rules/pod-security/no-privileged-containers.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './no-privileged-containers.cases.js';

ruleTester(rule, cases);
