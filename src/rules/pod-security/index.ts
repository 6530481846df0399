import type { Rule } from '../../core/rule.js';

export const POD_SECURITY_RULES: readonly Rule[] = [];
