import { defineRule } from '../../core/rule.js';
import { volumeCause } from '../../core/causes.js';
import { asArray, asObject, asString } from '../../core/resource.js';
import { hostPathHoldsData } from '../../analysis/storage/volumes.js';

export default defineRule({
  meta: {
    id: 'HK-EN-008',
    slug: 'unmanaged-phi-volumes',
    needs: 'workloads in PHI scope',
    messages: {
      hostPath: 'PHI workload {{kind}} "{{name}}" keeps volume "{{volume}}" on the node (hostPath {{path}}): no encryption or access control beyond the node disk.',
      nfs: 'PHI workload {{kind}} "{{name}}" mounts NFS volume "{{volume}}" ({{server}}:{{path}}): NFS without Kerberos (krb5p) carries PHI in plaintext.',
      iscsi: 'PHI workload {{kind}} "{{name}}" mounts iSCSI volume "{{volume}}" without CHAP session authentication.',
    },
  },
  create(context) {
    return {
      podSpec(pod) {
        if (!context.isPhi(pod.resource)) return;
        asArray(pod.template.spec['volumes']).forEach((v, i) => {
          const o = asObject(v);
          if (!o) return;
          const base = { kind: pod.resource.ref.kind, name: pod.resource.ref.name, volume: asString(o['name']) ?? `#${i}` };
          const at = `${pod.template.path}/spec/volumes/${i}`;
          const cause = volumeCause(pod.resource.ref, at);
          const hp = asObject(o['hostPath']);
          const nfs = asObject(o['nfs']);
          const iscsi = asObject(o['iscsi']);
          // A system directory, device or socket of the node is HK-PS-005's concern; only a data store keeps PHI at rest.
          if (hp && hostPathHoldsData(asString(hp['path']) ?? '', asString(hp['type']))) context.report({ resource: pod.resource, path: `${at}/hostPath`, messageId: 'hostPath', data: { ...base, path: asString(hp['path']) ?? '?' }, cause });
          if (nfs) context.report({ resource: pod.resource, path: `${at}/nfs`, messageId: 'nfs', data: { ...base, server: asString(nfs['server']) ?? '?', path: asString(nfs['path']) ?? '?' }, cause });
          if (iscsi && iscsi['chapAuthSession'] !== true) context.report({ resource: pod.resource, path: `${at}/iscsi`, messageId: 'iscsi', data: base, cause });
        });
      },
    };
  },
});
