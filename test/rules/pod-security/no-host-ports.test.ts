import rule from '../../../src/rules/pod-security/no-host-ports.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './no-host-ports.cases.js';

ruleTester(rule, cases);
