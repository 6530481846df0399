import rule from '../../../src/rules/pod-security/read-only-root-filesystem.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './read-only-root-filesystem.cases.js';

ruleTester(rule, cases);
