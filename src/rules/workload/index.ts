import type { Rule } from '../../core/rule.js';
import allowedRegistries from './allowed-registries.js';
import credentialsInEnvLiterals from './credentials-in-env-literals.js';
import defaultServiceAccount from './default-service-account.js';
import healthProbes from './health-probes.js';
import imageDigestPinning from './image-digest-pinning.js';
import legacyServiceAccountTokens from './legacy-service-account-tokens.js';
import mutableImageTags from './mutable-image-tags.js';
import namespaceQuotas from './namespace-quotas.js';
import plaintextSecretManifests from './plaintext-secret-manifests.js';
import podDisruptionBudgets from './pod-disruption-budgets.js';
import projectedTokenTtl from './projected-token-ttl.js';
import redundancy from './redundancy.js';
import resourceRequestsLimits from './resource-requests-limits.js';
import secretsInConfigmaps from './secrets-in-configmaps.js';
import secretsViaEnv from './secrets-via-env.js';
import serviceAccountTokenAutomount from './service-account-token-automount.js';

export const WORKLOAD_RULES: readonly Rule[] = [
  credentialsInEnvLiterals,
  secretsInConfigmaps,
  plaintextSecretManifests,
  secretsViaEnv,
  mutableImageTags,
  imageDigestPinning,
  allowedRegistries,
  defaultServiceAccount,
  serviceAccountTokenAutomount,
  projectedTokenTtl,
  legacyServiceAccountTokens,
  resourceRequestsLimits,
  namespaceQuotas,
  podDisruptionBudgets,
  redundancy,
  healthProbes,
];
