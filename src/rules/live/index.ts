import type { Rule } from '../../core/rule.js';
import kubernetesVersionSupported from './kubernetes-version-supported.js';
import recentSuccessfulBackup from './recent-successful-backup.js';
import restoreTested from './restore-tested.js';
import vulnerabilityScanEvidence from './vulnerability-scan-evidence.js';
import cniEnforcesNetworkpolicy from './cni-enforces-networkpolicy.js';
import webhooksFailClosed from './webhooks-fail-closed.js';
import bindingsMissingServiceaccounts from './bindings-missing-serviceaccounts.js';
import credentialsStoredInCluster from './credentials-stored-in-cluster.js';

/** Controls that need what a live cluster shows: its version, status fields, operators' reports, its CNI. */
export const LIVE_RULES: readonly Rule[] = [
  kubernetesVersionSupported, recentSuccessfulBackup, restoreTested, vulnerabilityScanEvidence, cniEnforcesNetworkpolicy,
  webhooksFailClosed, bindingsMissingServiceaccounts, credentialsStoredInCluster,
];
