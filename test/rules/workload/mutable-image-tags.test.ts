import mutableImageTags from '../../../src/rules/workload/mutable-image-tags.js';
import { ruleTester } from '../../support/rule-tester.js';
import { cases } from './mutable-image-tags.cases.js';

ruleTester(mutableImageTags, cases);
