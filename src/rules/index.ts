import type { Rule } from '../core/rule.js';
import { POD_SECURITY_RULES } from './pod-security/index.js';
import { WORKLOAD_RULES } from './workload/index.js';
import { CLUSTER_RULES } from './cluster/index.js';
import { CONTROL_PLANE_RULES } from './controlplane/index.js';
import { GOVERNANCE_RULES } from './governance/index.js';
import { LIVE_RULES } from './live/index.js';

/** Every rule phiguard has, grouped by area. */
export const RULES: readonly Rule[] = [
  ...POD_SECURITY_RULES,
  ...WORKLOAD_RULES,
  ...CLUSTER_RULES,
  ...CONTROL_PLANE_RULES,
  ...GOVERNANCE_RULES,
  ...LIVE_RULES,
];
