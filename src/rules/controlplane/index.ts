import type { Rule } from '../../core/rule.js';
import apiserverAuthorizationMode from './apiserver-authorization-mode.js';
import kubeletAuthorization from './kubelet-authorization.js';
import apiserverAdmissionPlugins from './apiserver-admission-plugins.js';
import apiserverAnonymousAuth from './apiserver-anonymous-auth.js';
import apiserverStaticCredentials from './apiserver-static-credentials.js';
import centralIdentityProvider from './central-identity-provider.js';
import bootstrapTokens from './bootstrap-tokens.js';
import kubeletAuthentication from './kubelet-authentication.js';
import etcdAuthentication from './etcd-authentication.js';
import apiserverKubeletAuth from './apiserver-kubelet-auth.js';
import serviceAccountTokens from './service-account-tokens.js';
import certificateValidity from './certificate-validity.js';
import kubeletStreamingIdleTimeout from './kubelet-streaming-idle-timeout.js';
import serviceAccountTokenLifetime from './service-account-token-lifetime.js';
import humanCredentialLifetime from './human-credential-lifetime.js';
import podSecurityAdmissionConfig from './pod-security-admission-config.js';
import cipherSuites from './cipher-suites.js';
import apiserverTls from './apiserver-tls.js';
import etcdTls from './etcd-tls.js';
import kubeletServingTls from './kubelet-serving-tls.js';
import certificateQuality from './certificate-quality.js';
import encryptionAtRestEnabled from './encryption-at-rest-enabled.js';
import encryptionIdentityFirst from './encryption-identity-first.js';
import encryptionProviderStrength from './encryption-provider-strength.js';
import encryptionCoverage from './encryption-coverage.js';
import encryptionKeyProtection from './encryption-key-protection.js';
import auditLoggingEnabled from './audit-logging-enabled.js';
import auditLogRotation from './audit-log-rotation.js';
import auditPolicyCoverage from './audit-policy-coverage.js';
import auditNoSecretPayloads from './audit-no-secret-payloads.js';
import auditPhiNotExcluded from './audit-phi-not-excluded.js';
import auditOffClusterShipping from './audit-off-cluster-shipping.js';
import auditBackendReliability from './audit-backend-reliability.js';
import breakGlassAudited from './break-glass-audited.js';
import emergencyCredentials from './emergency-credentials.js';
import dosGuards from './dos-guards.js';

/** Control-plane and node configuration: API server, etcd, kubelet, encryption at rest, audit policy, certificates. */
export const CONTROL_PLANE_RULES: readonly Rule[] = [
  apiserverAuthorizationMode, kubeletAuthorization, apiserverAdmissionPlugins,
  apiserverAnonymousAuth, apiserverStaticCredentials, centralIdentityProvider, bootstrapTokens, kubeletAuthentication,
  etcdAuthentication, apiserverKubeletAuth, serviceAccountTokens, certificateValidity,
  kubeletStreamingIdleTimeout, serviceAccountTokenLifetime, humanCredentialLifetime,
  podSecurityAdmissionConfig,
  cipherSuites, apiserverTls, etcdTls, kubeletServingTls, certificateQuality,
  encryptionAtRestEnabled, encryptionIdentityFirst, encryptionProviderStrength, encryptionCoverage, encryptionKeyProtection,
  auditLoggingEnabled, auditLogRotation, auditPolicyCoverage, auditNoSecretPayloads, auditPhiNotExcluded,
  auditOffClusterShipping, auditBackendReliability,
  breakGlassAudited, emergencyCredentials, dosGuards,
];
