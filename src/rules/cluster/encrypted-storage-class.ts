import { defineRule } from '../../core/rule.js';
import { asObject, asString, stringMap } from '../../core/resource.js';
import { claimsOf, storageClassOf } from '../../analysis/storage/volumes.js';

const ENCRYPTED_BY_DEFAULT = /^(pd\.csi\.storage\.gke\.io|kubernetes\.io\/gce-pd|disk\.csi\.azure\.com|file\.csi\.azure\.com|kubernetes\.io\/azure-disk|kubernetes\.io\/azure-file)$/;
const NEEDS_FLAG = /^(ebs\.csi\.aws\.com|ebs\.csi\.eks\.amazonaws\.com|kubernetes\.io\/aws-ebs|rbd\.csi\.ceph\.com|cephfs\.csi\.ceph\.com|driver\.longhorn\.io)$/;

export default defineRule({
  meta: {
    id: 'HK-EN-007',
    slug: 'encrypted-storage-class',
    needs: 'PersistentVolumeClaims in PHI namespaces together with their StorageClasses',
    messages: {
      unencrypted: 'PHI claim "{{claim}}" uses StorageClass "{{class}}" ({{provisioner}}) without parameters.encrypted: "true": the volume is written in plaintext.',
      evidence: 'PHI claim "{{claim}}" uses StorageClass "{{class}}" ({{provisioner}}), whose encryption at rest cannot be seen in the manifest: attach provider evidence.',
    },
  },
  evaluates: (context) => claimsOf(context.inventory).some((claim) => storageClassOf(context.inventory, claim) !== undefined),
  create(context) {
    return {
      end() {
        const inv = context.inventory;
        for (const claim of claimsOf(inv)) {
          const sc = storageClassOf(inv, claim);
          if (!sc) continue;
          if (!context.isPhi(claim.resource)) continue;
          const provisioner = asString(sc.object['provisioner']) ?? '';
          if (ENCRYPTED_BY_DEFAULT.test(provisioner)) continue;
          const params = stringMap(asObject(sc.object['parameters']));
          const data = { claim: claim.name, class: sc.ref.name, provisioner };
          const path = `${claim.specPath}${claim.className !== undefined ? '/storageClassName' : ''}`;
          if (NEEDS_FLAG.test(provisioner)) {
            if (params['encrypted'] !== 'true') context.report({ resource: claim.resource, path, messageId: 'unencrypted', data });
          } else {
            context.report({ resource: claim.resource, path, messageId: 'evidence', data, severity: 'low' });
          }
        }
      },
    };
  },
});
