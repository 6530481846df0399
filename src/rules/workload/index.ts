import type { Rule } from '../../core/rule.js';

export const WORKLOAD_RULES: readonly Rule[] = [];
