import type { Inventory } from '../../core/inventory.js';
import type { KubeResource } from '../../core/resource.js';
import { annotationsOf, asArray, asObject, asString } from '../../core/resource.js';

/** A claim for storage: a PVC, or a StatefulSet volumeClaimTemplate (reported against the StatefulSet). */
export interface Claim {
  readonly resource: KubeResource;
  /** JSON pointer of the claim's spec inside the resource. */
  readonly specPath: string;
  readonly namespace: string;
  readonly name: string;
  /** The StorageClass name asked for; undefined means the cluster default. */
  readonly className?: string;
}

export function claimsOf(inventory: Inventory): Claim[] {
  const out: Claim[] = [];
  for (const pvc of inventory.ofKind('PersistentVolumeClaim')) {
    const cls = asString(asObject(pvc.object['spec'])?.['storageClassName']);
    out.push({ resource: pvc, specPath: '/spec', namespace: inventory.scope.namespaceOf(pvc) ?? 'default', name: pvc.ref.name, ...(cls !== undefined ? { className: cls } : {}) });
  }
  for (const sts of inventory.ofKind('StatefulSet')) {
    asArray(asObject(sts.object['spec'])?.['volumeClaimTemplates']).forEach((t, i) => {
      const o = asObject(t);
      const cls = asString(asObject(o?.['spec'])?.['storageClassName']);
      out.push({ resource: sts, specPath: `/spec/volumeClaimTemplates/${i}/spec`, namespace: inventory.scope.namespaceOf(sts) ?? 'default',
        name: asString(asObject(o?.['metadata'])?.['name']) ?? `#${i}`, ...(cls !== undefined ? { className: cls } : {}) });
    });
  }
  return out;
}

/** The StorageClass a claim resolves to in the input (explicit name, or the one annotated as default). */
export function storageClassOf(inventory: Inventory, claim: Claim): KubeResource | undefined {
  const classes = inventory.ofKind('StorageClass');
  if (claim.className === '') return undefined;
  if (claim.className !== undefined) return classes.find((c) => c.ref.name === claim.className);
  return classes.find((c) => annotationsOf(c)['storageclass.kubernetes.io/is-default-class'] === 'true');
}

// Node directories that hold the operating system, its devices or runtime state, never application data.
const SYSTEM_DIRS = ['/usr', '/lib', '/lib32', '/lib64', '/libx32', '/bin', '/sbin', '/boot', '/proc', '/sys', '/dev', '/etc', '/run', '/var/run', '/opt/cni', '/var/lib/kubelet/plugins', '/var/lib/kubelet/device-plugins', '/var/lib/kubelet/pod-resources'];
// hostPath types that are not directories or files: a device or socket cannot keep data at rest.
const NON_STORE_TYPES = new Set(['CharDevice', 'BlockDevice', 'Socket']);

/** Whether a hostPath volume can hold application data at rest (not a system directory, device or socket of the node). */
export function hostPathHoldsData(path: string, type: string | undefined): boolean {
  if (type !== undefined && NON_STORE_TYPES.has(type)) return false;
  const p = path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  if (p === '/' || p === '') return true;
  if (p.endsWith('.sock')) return false;
  return !SYSTEM_DIRS.some((d) => p === d || p.startsWith(d + '/'));
}
