import { ruleTester } from '../../support/rule-tester.js';
import unmanagedPhiVolumes from '../../../src/rules/cluster/unmanaged-phi-volumes.js';
import { ns, deploy } from './fixtures.js';

ruleTester(unmanagedPhiVolumes, {
  valid: [
    { name: 'PVC volume', yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: d, persistentVolumeClaim: {claimName: d}}]') },
    {
      name: 'system directories, a device and a socket of the node hold no application data',
      yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: b, hostPath: {path: /usr/bin}}, {name: s, hostPath: {path: /lib/systemd}}, {name: t, hostPath: {path: /dev/ttyS0, type: CharDevice}}, {name: d, hostPath: {path: /var/run/docker.sock}}, {name: e, hostPath: {path: /etc/os-release, type: File}}]'),
    },
  ],
  invalid: [{
    name: 'a data directory under /var/lib is a store',
    yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: h, hostPath: {path: /var/lib/app-data, type: DirectoryOrCreate}}]'),
    errors: [{ messageId: 'hostPath', contains: '/var/lib/app-data' }],
  }, {
    name: 'hostPath, NFS and iSCSI',
    yaml: ns('p') + deploy('p', 'a', '\n      volumes: [{name: h, hostPath: {path: /data}}, {name: n, nfs: {server: nfs.local, path: /exports}}, {name: i, iscsi: {targetPortal: "10.0.0.1:3260", iqn: "iqn.x", lun: 0}}]'),
    errors: [{ messageId: 'hostPath' }, { messageId: 'nfs' }, { messageId: 'iscsi' }],
  }],
});
