import type { Finding } from '../core/finding.js';
import { segmentsOf } from '../core/resource.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** Whether `phiguard fix` applies a finding's fix by itself, and if not, why a person has to. */
export type FixSafety = { readonly safe: true } | { readonly safe: false; readonly why: string };

const NODE_CONFIG = 'a kubelet configuration change takes effect on restart and can cut off clients of the old setting; roll it out node by node';

/** Fixes that can break a running workload, with the way they break it. Every other rule fix only tightens what the workload never relied on. */
const UNSAFE: Readonly<Record<string, string>> = {
  'HK-PS-003': 'privileged workloads (CNI, storage and device plugins) lose the device and kernel access they run on',
  'HK-PS-006': 'clients that connect to the node port lose the workload; put a Service in front of it first',
  'HK-PS-007': 'programs that bind ports below 1024, chown files or switch users stop working; add back only the capabilities the container needs',
  'HK-PS-008': 'an image whose user is root fails to start (CreateContainerConfigError); set runAsUser to the image\'s non-root UID first',
  'HK-PS-014': 'while the policy engine is down, every write its webhook covers is refused',
  'HK-TX-008': 'destinations without a sidecar stop accepting the traffic',
  'HK-TX-012': 'Ingresses that use snippet annotations stop working',
  'HK-AC-010': 'pods that run as the default ServiceAccount and call the Kubernetes API lose their token',
  'HK-AC-011': 'a pod that calls the Kubernetes API loses its credentials',
  'HK-TX-007': NODE_CONFIG,
  'HK-AV-003': NODE_CONFIG,
  'HK-AC-016': NODE_CONFIG,
  'HK-ID-007': NODE_CONFIG,
  'HK-LO-001': NODE_CONFIG,
};

/** Controls whose rules offer no patch because the change is a design decision; fix shows what to do and why it is not automatic. */
export const MANUAL_SUGGESTIONS: Readonly<Record<string, { readonly description: string; readonly why: string }>> = {
  'HK-PS-010': {
    description: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the program writes (/tmp, caches)',
    why: 'a program that writes into its image (temporary files, caches, pid files) fails once the root filesystem is read-only',
  },
  'HK-PS-004': {
    description: 'remove hostNetwork, hostPID and hostIPC',
    why: 'workloads that set these usually need them (node agents, CNI), so removing them is a design decision',
  },
};

export function fixSafety(f: Finding): FixSafety {
  if (f.control === 'HK-PS-001') {
    // Audit and warn labels only report; an enforce label rejects the non-conforming pods on their next create.
    const enforces = (f.fix?.patch ?? []).some((op) => op.op !== 'remove'
      && (segmentsOf(op.path).at(-1) === ENFORCE || (typeof op.value === 'object' && op.value !== null && ENFORCE in op.value)));
    return enforces ? { safe: false, why: 'pods that do not meet the profile are rejected the next time they are created; check them with the warn and audit labels first' } : { safe: true };
  }
  const why = UNSAFE[f.control];
  return why === undefined ? { safe: true } : { safe: false, why };
}
