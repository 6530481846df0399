import rule from '../../../src/rules/controlplane/apiserver-kubelet-auth.js';
import { fixtureFindings } from './fixture-findings.js';

fixtureFindings(rule, {
  hardened: [],
  kubeadm: [{ at: '/etc/kubernetes/manifests/kube-apiserver.yaml:14', says: 'does not verify kubelet serving certificates (--kubelet-certificate-authority unset)' }],
});
