import type { Rule } from '../../core/rule.js';
import phiScopeDeclared from './phi-scope-declared.js';

export const GOVERNANCE_RULES: readonly Rule[] = [phiScopeDeclared];
