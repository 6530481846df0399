import type { Rule } from '../../core/rule.js';
import psaNamespaceLabels from './psa-namespace-labels.js';
import noPrivilegedContainers from './no-privileged-containers.js';
import noHostNamespaces from './no-host-namespaces.js';
import noHostPathVolumes from './no-host-path-volumes.js';
import noHostPorts from './no-host-ports.js';
import restrictCapabilities from './restrict-capabilities.js';
import runAsNonRoot from './run-as-non-root.js';
import noPrivilegeEscalation from './no-privilege-escalation.js';
import readOnlyRootFilesystem from './read-only-root-filesystem.js';
import seccompProfile from './seccomp-profile.js';
import baselineRestrictions from './baseline-restrictions.js';
import restrictedVolumeTypes from './restricted-volume-types.js';

export const POD_SECURITY_RULES: readonly Rule[] = [
  psaNamespaceLabels,
  noPrivilegedContainers,
  noHostNamespaces,
  noHostPathVolumes,
  noHostPorts,
  restrictCapabilities,
  runAsNonRoot,
  noPrivilegeEscalation,
  readOnlyRootFilesystem,
  seccompProfile,
  baselineRestrictions,
  restrictedVolumeTypes,
];
