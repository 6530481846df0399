import type { Rule } from '../../core/rule.js';

export const CONTROL_PLANE_RULES: readonly Rule[] = [];
