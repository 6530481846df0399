import type { Rule } from '../../core/rule.js';

export const CLUSTER_RULES: readonly Rule[] = [];
