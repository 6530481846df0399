import type { Inventory } from '../../core/inventory.js';
import type { KubeResource } from '../../core/resource.js';
import { asArray, asObject, asString } from '../../core/resource.js';

export interface BackupSchedule {
  readonly resource: KubeResource;
  readonly included: readonly string[] | '*';
  readonly excluded: readonly string[];
  readonly snapshotVolumes?: boolean;
  readonly fsBackup: boolean;
  readonly ttl?: string;
}

/** Velero Schedules (velero.io/v1) as namespace coverage. */
export function veleroSchedules(inventory: Inventory): BackupSchedule[] {
  return inventory.ofKind('Schedule').filter((r) => r.ref.apiVersion.startsWith('velero.io/')).map((r) => {
    const t = asObject(asObject(r.object['spec'])?.['template']) ?? {};
    const inc = asArray(t['includedNamespaces']).map(String);
    const snap = t['snapshotVolumes'];
    const ttl = asString(t['ttl']);
    return {
      resource: r,
      included: inc.length === 0 || inc.includes('*') ? '*' : inc,
      excluded: asArray(t['excludedNamespaces']).map(String),
      ...(typeof snap === 'boolean' ? { snapshotVolumes: snap } : {}),
      fsBackup: t['defaultVolumesToFsBackup'] === true || t['defaultVolumesToRestic'] === true,
      ...(ttl ? { ttl } : {}),
    };
  });
}

export function covers(s: BackupSchedule, ns: string): boolean {
  return (s.included === '*' || s.included.includes(ns)) && !s.excluded.includes(ns);
}

/** Backup systems other than Velero that phiguard recognises but does not model in detail. */
export const OTHER_BACKUP_KINDS: readonly string[] = ['BackupPlan', 'BackupConfiguration', 'Policy', 'BackupSchedule'];

export function otherBackupPresent(inventory: Inventory): boolean {
  return inventory.ofKind(...OTHER_BACKUP_KINDS).some((r) => /kasten\.io|gkebackup\.gke\.io|stash\.appscode\.com|k8up\.io|dataprotection/.test(r.ref.apiVersion));
}

/** Velero duration ("720h0m0s", "168h") in hours; undefined when unparseable. */
export function durationHours(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return undefined;
  return Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
}
