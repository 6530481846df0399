import { defineRule } from '../../core/rule.js';
import { asString } from '../../core/resource.js';
import { claimsOf, storageClassOf } from '../../analysis/storage/volumes.js';
import { covers, otherBackupPresent, veleroSchedules } from '../../analysis/backup/velero.js';

export default defineRule({
  meta: {
    id: 'HK-IN-009',
    slug: 'phi-volume-destruction',
    needs: 'PHI PersistentVolumeClaims with their StorageClasses, and VolumeSnapshotClasses',
    kinds: ['VolumeSnapshotClass'],
    messages: {
      reclaimDelete: 'PHI claim "{{claim}}" uses StorageClass "{{class}}" with reclaimPolicy {{policy}} and no backup covers namespace "{{ns}}": deleting the claim destroys the PHI.',
      snapshotDelete: 'VolumeSnapshotClass "{{name}}" has deletionPolicy Delete: deleting a snapshot object also destroys the stored copy.',
    },
  },
  evaluates: (context) => claimsOf(context.inventory).some((claim) => storageClassOf(context.inventory, claim) !== undefined),
  create(context) {
    return {
      resource(r) {
        if (asString(r.object['deletionPolicy']) === 'Delete') {
          context.report({ resource: r, path: '/deletionPolicy', messageId: 'snapshotDelete', data: { name: r.ref.name }, phi: true,
            fix: { description: 'retain snapshot contents', patch: [{ op: 'replace', path: '/deletionPolicy', value: 'Retain' }] } });
        }
      },
      end() {
        const inv = context.inventory;
        const schedules = veleroSchedules(inv);
        const other = otherBackupPresent(inv);
        for (const claim of claimsOf(inv)) {
          const sc = storageClassOf(inv, claim);
          if (!sc) continue;
          if (!context.isPhi(claim.resource)) continue;
          const policy = asString(sc.object['reclaimPolicy']) ?? 'Delete';
          if (policy !== 'Delete' || other || schedules.some((s) => covers(s, claim.namespace))) continue;
          context.report({ resource: claim.resource, path: claim.specPath, messageId: 'reclaimDelete', data: { claim: claim.name, class: sc.ref.name, policy: `${policy}${sc.object['reclaimPolicy'] === undefined ? ' (the default)' : ''}`, ns: claim.namespace } });
        }
      },
    };
  },
});
