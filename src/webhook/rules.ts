import type { Rule } from '../core/rule.js';
import { CLUSTER_RULES } from '../rules/cluster/index.js';
import { GOVERNANCE_RULES } from '../rules/governance/index.js';
import { POD_SECURITY_RULES } from '../rules/pod-security/index.js';
import { WORKLOAD_RULES } from '../rules/workload/index.js';

/**
 * Controls whose finding on one object depends on other objects an admission request cannot see
 * (a PDB or quota created next, the namespace's NetworkPolicies, whether scope is declared anywhere).
 */
export const RELATIONAL_CONTROLS: ReadonlySet<string> = new Set(['HK-CP-007', 'HK-AV-002', 'HK-NW-001', 'HK-GV-001']);

/** Cluster rules that judge an RBAC object on its own content. */
const OBJECT_LOCAL_CLUSTER_CONTROLS = new Set(['HK-AC-001', 'HK-AC-002', 'HK-AC-004', 'HK-AC-006', 'HK-AC-007', 'HK-AC-012']);

/** The scan engine's rules that can decide on one admitted object: the same rule code `scan` runs. */
export const WEBHOOK_RULES: readonly Rule[] = [
  ...POD_SECURITY_RULES,
  ...WORKLOAD_RULES,
  ...CLUSTER_RULES.filter((r) => OBJECT_LOCAL_CLUSTER_CONTROLS.has(r.meta.id)),
  ...GOVERNANCE_RULES,
].filter((r) => !RELATIONAL_CONTROLS.has(r.meta.id));
