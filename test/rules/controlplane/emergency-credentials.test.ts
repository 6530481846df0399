import rule from '../../../src/rules/controlplane/emergency-credentials.js';
import { fixtureFindings } from './fixture-findings.js';

fixtureFindings(rule, {
  hardened: [],
  kubeadm: [{ at: '/etc/kubernetes/super-admin.conf:18', says: 'holds a system:masters credential (CN=kubernetes-super-admin)' }],
});
